using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using OrleansSearch.Search.Analysis;

namespace OrleansSearch.Search.Bench.Analysis;

/// <summary>
/// Analyzer throughput on SciFact: every document's title and text analyzed per invocation, reported per
/// document (time and allocated bytes) and as tokens per second. Each run checks the token count it
/// produced against the count recorded here, so a faster analyzer that drops or adds tokens fails.
/// "tokenizer" is the tokenizer alone, to show what the filters cost.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
[Config(typeof(TokensPerSecondConfig))]
public class AnalyzerBenchmarks
{
    private static readonly IAnalyzer TokenizerOnly = new TextAnalyzer(TokenizerOptions.Default);

    private (string Title, string Text)[] documents = [];
    private IAnalyzer analyzer = Analyzers.English;
    private readonly List<Token> tokens = new(capacity: 4096);

    [Params("tokenizer", "simple", "english")]
    public string Analyzer { get; set; } = "english";

    /// <summary>Tokens the analyzer gives for all of SciFact (titles and texts).</summary>
    public static long ExpectedTokens(string analyzerName) => analyzerName switch
    {
        "tokenizer" => 1_156_948,
        "simple" => 1_156_948,
        "english" => 839_775,
        _ => throw new ArgumentException($"Unknown analyzer \"{analyzerName}\" for this benchmark.", nameof(analyzerName)),
    };

    [GlobalSetup]
    public void Setup()
    {
        documents = ScifactCorpus.Load();
        analyzer = Analyzer == "tokenizer" ? TokenizerOnly : Analyzers.Get(Analyzer);
        AnalyzeCorpus();
    }

    [Benchmark(OperationsPerInvoke = ScifactCorpus.DocumentCount)]
    public long AnalyzeCorpus()
    {
        long count = 0;
        foreach ((string title, string text) in documents)
        {
            tokens.Clear();
            analyzer.Analyze(title, tokens);
            analyzer.Analyze(text, tokens);
            count += tokens.Count;
        }

        long expected = ExpectedTokens(Analyzer);
        return count == expected
            ? count
            : throw new InvalidOperationException($"The {Analyzer} analyzer gave {count} tokens for SciFact; expected {expected}.");
    }

    private sealed class TokensPerSecondConfig : ManualConfig
    {
        public TokensPerSecondConfig() => AddColumn(new TokensPerSecondColumn());
    }

    /// <summary>Tokens per second from the recorded token count and the median time per document.</summary>
    private sealed class TokensPerSecondColumn : IColumn
    {
        public string Id => nameof(TokensPerSecondColumn);

        public string ColumnName => "Tokens/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Analyzed tokens per second on one thread, from the median time";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            // The median, not the mean: on a shared machine a few preempted iterations skew the mean.
            double? nanosecondsPerDocument = summary[benchmarkCase]?.ResultStatistics?.Median;
            if (nanosecondsPerDocument is not > 0)
            {
                return "-";
            }

            string analyzerName = (string)benchmarkCase.Parameters[nameof(Analyzer)];
            double tokensPerDocument = (double)ExpectedTokens(analyzerName) / ScifactCorpus.DocumentCount;
            return (tokensPerDocument / (nanosecondsPerDocument.Value * 1e-9)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
