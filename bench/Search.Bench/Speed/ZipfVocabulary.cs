using System.Text;
using OrleansSearch.Search.Analysis;
using OrleansSearch.Evaluation;

namespace OrleansSearch.Search.Bench.Speed;

/// <summary>
/// A word distribution fitted to SciFact. SciFact's words (Simple analyzer: lowercased, accents folded,
/// stopwords and all) are ranked by count. Ranks whose count is at least <see cref="ReliableCount"/> keep
/// their observed counts; past them, counts follow the power law count = C · rank^−s fitted by least squares
/// on log count against log rank over those reliable ranks (SciFact's own tail of words seen once or twice is
/// a small-sample artifact). The vocabulary grows with the corpus by Heaps' law with β = 0.5: SciFact's
/// vocabulary size × √(documents / 5,183). Ranks past SciFact's vocabulary get made-up words.
/// </summary>
internal sealed class ZipfVocabulary
{
    public const int ReliableCount = 5;

    private static readonly string[] Syllables =
        ["ba", "ce", "di", "fo", "gu", "ka", "le", "mi", "no", "pu", "ra", "se", "ti", "vo", "zu", "xa"];

    private readonly double[] _cumulative;

    private ZipfVocabulary(string[] words, double[] cumulative, double exponent, double constant, int observedWords, int reliableRanks)
    {
        Words = words;
        _cumulative = cumulative;
        Exponent = exponent;
        Constant = constant;
        ObservedWords = observedWords;
        ReliableRanks = reliableRanks;
    }

    /// <summary>Words by rank (index 0 = rank 1).</summary>
    public string[] Words { get; }

    /// <summary>The fitted s in count = C · rank^−s.</summary>
    public double Exponent { get; }

    /// <summary>The fitted C.</summary>
    public double Constant { get; }

    /// <summary>Distinct words in SciFact.</summary>
    public int ObservedWords { get; }

    /// <summary>Ranks whose observed count is at least <see cref="ReliableCount"/>.</summary>
    public int ReliableRanks { get; }

    public static ZipfVocabulary Fit(BeirDataset dataset, int documentCount)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var tokens = new List<Token>();
        foreach (var document in dataset.Corpus)
        {
            tokens.Clear();
            Analyzers.Simple.Analyze(SciFactWorkload.Contents(document), tokens);
            foreach (var token in tokens)
            {
                counts[token.Term] = counts.GetValueOrDefault(token.Term) + 1;
            }
        }

        var ranked = counts.ToList();
        ranked.Sort((x, y) => x.Value != y.Value ? y.Value.CompareTo(x.Value) : string.CompareOrdinal(x.Key, y.Key));
        var reliable = ranked.FindIndex(pair => pair.Value < ReliableCount);
        reliable = reliable < 0 ? ranked.Count : reliable;

        // Least squares of ln count on ln rank over the reliable ranks.
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var i = 0; i < reliable; i++)
        {
            double x = Math.Log(i + 1), y = Math.Log(ranked[i].Value);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }

        var slope = (reliable * sxy - sx * sy) / (reliable * sxx - sx * sx);
        var constant = Math.Exp((sy - slope * sx) / reliable);
        var exponent = -slope;

        var size = Math.Max(ranked.Count, (int)(ranked.Count * Math.Sqrt(documentCount / (double)dataset.Corpus.Count)));
        var words = new string[size];
        var cumulative = new double[size];
        double total = 0;
        for (var i = 0; i < size; i++)
        {
            words[i] = i < ranked.Count ? ranked[i].Key : MadeUpWord(i);
            total += i < reliable ? ranked[i].Value : constant * Math.Pow(i + 1, -exponent);
            cumulative[i] = total;
        }

        return new ZipfVocabulary(words, cumulative, exponent, constant, ranked.Count, reliable);
    }

    /// <summary>The probability mass of ranks past SciFact's observed vocabulary.</summary>
    public double MadeUpShare => 1 - _cumulative[ObservedWords - 1] / _cumulative[^1];

    /// <summary>A word drawn with probability proportional to its rank's count.</summary>
    public string Sample(Random random)
    {
        var u = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, u);
        index = index < 0 ? ~index : index;
        return Words[Math.Min(index, Words.Length - 1)];
    }

    /// <summary>"q" then the rank in base 16, one syllable a digit: distinct, pronounceable, absent from SciFact.</summary>
    private static string MadeUpWord(int rank)
    {
        var builder = new StringBuilder("q");
        for (var value = rank; value > 0; value /= Syllables.Length)
        {
            builder.Append(Syllables[value % Syllables.Length]);
        }

        return builder.ToString();
    }
}
