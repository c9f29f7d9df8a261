namespace OrleansSearch.Search.Bench.Speed;

/// <summary>Everything measured for one engine on one corpus.</summary>
internal sealed class EngineMeasurement(ISpeedEngine engine, int warmupPasses, int timedPasses)
{
    public ISpeedEngine Engine => engine;

    public int WarmupPasses => warmupPasses;

    public int TimedPasses => timedPasses;

    public List<IndexFigures> IndexRuns { get; } = [];

    public List<double> Latencies { get; } = [];

    public long[][] Top { get; set; } = [];

    public double IndexMilliseconds => Median(IndexRuns.ConvertAll(run => run.IndexMilliseconds));

    public double DocumentsPerSecond => IndexRuns[^1].Documents / (IndexMilliseconds / 1000);

    public long IndexBytes => IndexRuns[^1].IndexBytes;

    /// <summary>Nearest-rank percentile of every timed query of every pass.</summary>
    public double Percentile(double fraction)
    {
        var sorted = Latencies.ToArray();
        Array.Sort(sorted);
        return sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
    }

    public double MeanLatency => Latencies.Average();

    /// <summary>Mean over queries of |top 10 ∩ reference top 10| / |reference top 10| (queries with no reference hits skipped).</summary>
    public double OverlapWith(EngineMeasurement reference)
    {
        double sum = 0;
        var counted = 0;
        for (var i = 0; i < Top.Length; i++)
        {
            if (reference.Top[i].Length == 0)
            {
                continue;
            }

            var shared = 0;
            foreach (var ordinal in Top[i])
            {
                shared += Array.IndexOf(reference.Top[i], ordinal) >= 0 ? 1 : 0;
            }

            sum += shared / (double)reference.Top[i].Length;
            counted++;
        }

        return counted == 0 ? 1 : sum / counted;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
