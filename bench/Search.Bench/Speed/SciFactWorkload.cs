using OrleansSearch.Evaluation;

namespace OrleansSearch.Search.Bench.Speed;

/// <summary>SciFact as the engines read it: title and text as one line per document, the test queries.</summary>
internal static class SciFactWorkload
{
    public static string Contents(BeirDocument document) => document.Title + " " + document.Text;

    public static void Write(BeirDataset dataset, string corpusPath, string queriesPath)
    {
        using (var corpus = new StreamWriter(corpusPath))
        {
            for (var i = 0; i < dataset.Corpus.Count; i++)
            {
                WorkloadFiles.WriteLine(corpus, i, Contents(dataset.Corpus[i]));
            }
        }

        using var queries = new StreamWriter(queriesPath);
        for (var i = 0; i < dataset.Queries.Count; i++)
        {
            WorkloadFiles.WriteLine(queries, i, dataset.Queries[i].Text);
        }
    }
}
