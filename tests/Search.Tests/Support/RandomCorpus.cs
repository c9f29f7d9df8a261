using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Schema;

namespace OrleansSearch.Search.Tests.Support;

/// <summary>
/// Random documents over a Zipf-like vocabulary (a few frequent words, a long tail), with a
/// title and body text field, a keyword field, a number and a date, generated from a seed.
/// </summary>
internal static class RandomCorpus
{
    public static IndexSchema Schema { get; } = new(
    [
        FieldDefinition.Text("title", LetterDigitAnalyzer.Instance, boost: 2f),
        FieldDefinition.Text("body", LetterDigitAnalyzer.Instance),
        FieldDefinition.Keyword("tag"),
        FieldDefinition.Number("rank"),
        FieldDefinition.Date("published"),
    ]);

    public static string Word(Random random, int vocabulary)
    {
        // Squaring a uniform draw skews towards small indices: frequent words and rare ones.
        var u = random.NextDouble();
        return "w" + (int)(u * u * u * vocabulary);
    }

    public static string Text(Random random, int minWords, int maxWords, int vocabulary)
    {
        var count = random.Next(minWords, maxWords + 1);
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = Word(random, vocabulary);
        }

        return string.Join(' ', words);
    }

    public static List<SearchDocument> Documents(int seed, int count, int vocabulary = 400)
    {
        var random = new Random(seed);
        var documents = new List<SearchDocument>(count);
        for (var i = 0; i < count; i++)
        {
            var document = new SearchDocument($"doc{i:D5}")
                .Text("title", Text(random, 1, 6, vocabulary))
                .Text("body", Text(random, 0, 120, vocabulary));
            if (random.Next(5) != 0)
            {
                document.Keyword("tag", random.Next(3) == 0 ? ["t" + random.Next(6), "t" + random.Next(6)] : ["t" + random.Next(6)]);
            }

            if (random.Next(4) != 0)
            {
                document.Number("rank", random.Next(100));
            }

            document.Date("published", new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(random.Next(20_000)));
            documents.Add(document);
        }

        return documents;
    }

    public static ShardIndex Index(IEnumerable<SearchDocument> documents, IndexSchema? schema = null)
    {
        var shard = new ShardIndex(schema ?? Schema);
        foreach (var document in documents)
        {
            shard.Add(document);
        }

        return shard;
    }
}
