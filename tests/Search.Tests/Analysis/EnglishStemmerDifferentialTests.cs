using System.Diagnostics;
using System.Text;

namespace OrleansSearch.Search.Tests.Analysis;

/// <summary>
/// Our Porter2 against the real Snowball implementation: Debian's libstemmer-tools `stemwords` stems
/// every word of Debian's wamerican word list, and so does <c>EnglishStemmer</c>; they must agree on all.
/// Both get identical input: each dictionary word lowercased (invariant culture), duplicates after
/// lowercasing dropped. Nothing is filtered out: the list's accented words (café, Ångström) and
/// apostrophe words (possessives like "aaron's", "o'neil") go to both stemmers as they are, UTF-8 encoded,
/// plus a few edge words the list lacks (apostrophes alone, y runs, letters outside the BMP).
/// scripts/test.sh installs both packages.
/// </summary>
public sealed class EnglishStemmerDifferentialTests
{
    private const string StemwordsPath = "/usr/bin/stemwords";
    private const string WordListPath = "/usr/share/dict/american-english";

    private static readonly string[] EdgeWords =
    [
        "'", "''", "'''", "'s", "''s", "'s'", "s'", "a's", "y", "yy", "yyy", "ayyy", "yaying", "sayyid", "ies", "ied", "ties",
        "\U00010428ies", "\U00010428\U00010428ies", "a\U00010428ing", "\U00010428at", "\U00010428\U00010428", "e\U00010428e",
        "\U00010428y", "b\U00010428y", "\U00010428ly", "ogi", "bli", "li", "eed", "eedly", "ing", "ingly", "generously",
        "communal", "arsenals",
    ];

    private const int RandomWordSeed = 7_041_977;
    private const int RandomWordCount = 50_000;

    private static readonly string[] Onsets = ["", "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "x", "y", "z", "st", "tr", "pl", "qu", "'"];
    private static readonly string[] Nuclei = ["a", "e", "i", "o", "u", "y", "ee", "ea", "ie", "oo", "ay", "ey", "oy"];
    private static readonly string[] Suffixes =
    [
        "", "s", "es", "ies", "ied", "sses", "us", "ss", "'", "'s", "'s'", "ed", "eed", "eedly", "edly", "ing", "ingly", "at", "bl", "iz",
        "y", "ly", "li", "tional", "ational", "enci", "anci", "abli", "entli", "izer", "ization", "ation", "ator", "alism", "aliti",
        "alli", "fulness", "ousli", "ousness", "iveness", "iviti", "biliti", "bli", "logi", "fulli", "lessli", "alize", "icate",
        "iciti", "ical", "ful", "ness", "ative", "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
        "ism", "ate", "iti", "ous", "ive", "ize", "sion", "tion", "e", "le", "ll", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt",
    ];

    [Fact]
    public void Porter2_AgreesWithSnowballStemwords_OnEveryWordOfTheAmericanEnglishWordList()
    {
        Assert.True(File.Exists(WordListPath), $"{WordListPath} is missing: install Debian's wamerican (scripts/test.sh does).");
        List<string> words = LoadWords();
        Assert.True(words.Count > 90_000, $"Expected the full word list, got {words.Count} words.");
        AssertSameStems(words, "word list");
    }

    /// <summary>
    /// Made-up words of random syllables and suffix pile-ups (seed <see cref="RandomWordSeed"/>), to reach rule
    /// combinations a dictionary seldom has: short stems before suffixes, y after vowels, doubled suffixes.
    /// </summary>
    [Fact]
    public void Porter2_AgreesWithSnowballStemwords_OnRandomSuffixCombinations()
    {
        var random = new Random(RandomWordSeed);
        var words = new List<string>(RandomWordCount);
        var builder = new StringBuilder();
        for (int i = 0; i < RandomWordCount; i++)
        {
            builder.Clear();
            int syllables = random.Next(1, 4);
            for (int s = 0; s < syllables; s++)
            {
                builder.Append(Onsets[random.Next(Onsets.Length)]).Append(Nuclei[random.Next(Nuclei.Length)]);
            }

            int suffixes = random.Next(0, 3);
            for (int s = 0; s < suffixes; s++)
            {
                builder.Append(Suffixes[random.Next(Suffixes.Length)]);
            }

            words.Add(builder.ToString());
        }

        AssertSameStems(words, $"random words of seed {RandomWordSeed}");
    }

    private static void AssertSameStems(List<string> words, string source)
    {
        Assert.True(File.Exists(StemwordsPath), $"{StemwordsPath} is missing: install Debian's libstemmer-tools (scripts/test.sh does).");
        string[] expected = RunStemwords(words);
        Assert.Equal(words.Count, expected.Length);

        var mismatches = new List<string>();
        int mismatchCount = 0;
        for (int i = 0; i < words.Count; i++)
        {
            string ours = StemmerHarness.Stem(words[i]);
            if (ours != expected[i])
            {
                mismatchCount++;
                if (mismatches.Count < 20)
                {
                    mismatches.Add($"{words[i]} -> ours \"{ours}\", snowball \"{expected[i]}\"");
                }
            }
        }

        Assert.True(
            mismatchCount == 0,
            $"{mismatchCount} of {words.Count} {source} stem differently; first {mismatches.Count}:{Environment.NewLine}{string.Join(Environment.NewLine, mismatches)}");
    }

    private static List<string> LoadWords()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var words = new List<string>();
        foreach (string line in File.ReadLines(WordListPath, Encoding.UTF8))
        {
            string word = line.Trim().ToLowerInvariant();
            if (word.Length > 0 && seen.Add(word))
            {
                words.Add(word);
            }
        }

        foreach (string word in EdgeWords)
        {
            if (seen.Add(word))
            {
                words.Add(word);
            }
        }

        return words;
    }

    private static string[] RunStemwords(List<string> words)
    {
        string directory = Directory.CreateTempSubdirectory("porter2-differential-").FullName;
        try
        {
            string input = Path.Combine(directory, "words.txt");
            string output = Path.Combine(directory, "stems.txt");
            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            File.WriteAllText(input, string.Join('\n', words) + "\n", utf8);

            var startInfo = new ProcessStartInfo(StemwordsPath)
            {
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[] { "-l", "english", "-i", input, "-o", output })
            {
                startInfo.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {StemwordsPath}.");
            string errors = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "stemwords did not finish within a minute.");
            Assert.True(process.ExitCode == 0, $"stemwords exited with {process.ExitCode}: {errors}");
            return File.ReadAllText(output, utf8).Split('\n', StringSplitOptions.None)[..words.Count];
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
