using OrleansSearch.Search.Analysis;
using OrleansSearch.Evaluation;

namespace OrleansSearch.Search.Bench.Speed;

/// <summary>
/// A large corpus and its queries drawn from a <see cref="ZipfVocabulary"/> fitted to SciFact, with a fixed
/// seed: each document's length (in words, stopwords included) is drawn from SciFact's document lengths, each
/// query's from SciFact's test-query lengths, and every word independently from the vocabulary. Documents are
/// streamed to the file; only the vocabulary is held in memory.
/// </summary>
internal sealed class SyntheticWorkload(ZipfVocabulary vocabulary, int[] documentLengths, int[] queryLengths)
{
    public ZipfVocabulary Vocabulary => vocabulary;

    public double MeanDocumentLength => documentLengths.Average();

    public double MeanQueryLength => queryLengths.Average();

    public static SyntheticWorkload Fit(BeirDataset dataset, int documentCount) =>
        new(ZipfVocabulary.Fit(dataset, documentCount),
            WordCounts(dataset.Corpus.ConvertAll(SciFactWorkload.Contents)),
            WordCounts(dataset.Queries.ConvertAll(query => query.Text)));

    public void WriteCorpus(string path, int documentCount, int seed) => Write(path, documentCount, documentLengths, new Random(seed));

    public void WriteQueries(string path, int queryCount, int seed) => Write(path, queryCount, queryLengths, new Random(seed + 1));

    private void Write(string path, int count, int[] lengths, Random random)
    {
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false), bufferSize: 1 << 20);
        for (var ordinal = 0; ordinal < count; ordinal++)
        {
            writer.Write(ordinal);
            writer.Write('\t');
            var length = lengths[random.Next(lengths.Length)];
            for (var i = 0; i < length; i++)
            {
                if (i > 0)
                {
                    writer.Write(' ');
                }

                writer.Write(vocabulary.Sample(random));
            }

            writer.Write('\n');
        }
    }

    private static int[] WordCounts(List<string> texts)
    {
        var tokens = new List<Token>();
        var counts = new int[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            tokens.Clear();
            Analyzers.Simple.Analyze(texts[i], tokens);
            counts[i] = Math.Max(1, tokens.Count);
        }

        return counts;
    }
}
