using System.Globalization;

namespace OrleansSearch.Search.Bench.Speed;

/// <summary>The options of `Search.Bench speed`.</summary>
internal sealed record SpeedSettings
{
    public int Documents { get; init; } = 1_000_000;

    /// <summary>Synthetic queries (SciFact has its 300 test queries).</summary>
    public int Queries { get; init; } = 100;

    public int Passes { get; init; } = 5;

    public int WarmupPasses { get; init; } = 3;

    public int SyntheticPasses { get; init; } = 2;

    public int SyntheticWarmupPasses { get; init; } = 1;

    public int Seed { get; init; } = 42;

    public double K1 { get; init; } = 0.9;

    public double B { get; init; } = 0.4;

    public string MaxHeap { get; init; } = "6g";

    public IReadOnlyList<string> Corpora { get; init; } = ["scifact", "synthetic"];

    /// <summary>Where the TSV files go; a temporary folder (deleted afterwards) when not given.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>The settings, or null after printing what is wrong.</summary>
    public static SpeedSettings? Parse(string[] args)
    {
        var settings = new SpeedSettings();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                Console.Error.WriteLine($"speed: option {args[i]} needs a value");
                return null;
            }

            var value = args[i + 1];
            switch (args[i])
            {
                case "--documents": settings = settings with { Documents = Positive(args[i], value) }; break;
                case "--queries": settings = settings with { Queries = Positive(args[i], value) }; break;
                case "--passes": settings = settings with { Passes = Positive(args[i], value) }; break;
                case "--warmup": settings = settings with { WarmupPasses = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--synthetic-passes": settings = settings with { SyntheticPasses = Positive(args[i], value) }; break;
                case "--synthetic-warmup": settings = settings with { SyntheticWarmupPasses = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--seed": settings = settings with { Seed = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--k1": settings = settings with { K1 = double.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--b": settings = settings with { B = double.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--heap": settings = settings with { MaxHeap = value }; break;
                case "--work": settings = settings with { WorkDirectory = value }; break;
                case "--corpora":
                    var corpora = value.Split(',');
                    if (Array.Exists(corpora, corpus => corpus is not ("scifact" or "synthetic")))
                    {
                        Console.Error.WriteLine($"speed: --corpora {value}: the corpora are scifact and synthetic");
                        return null;
                    }

                    settings = settings with { Corpora = corpora };
                    break;
                default:
                    Console.Error.WriteLine($"speed: unknown option {args[i]}");
                    return null;
            }
        }

        return settings;
    }

    private static int Positive(string option, string value)
    {
        var number = int.Parse(value, CultureInfo.InvariantCulture);
        return number > 0 ? number : throw new ArgumentOutOfRangeException(option, number, $"{option} must be a positive number.");
    }
}
