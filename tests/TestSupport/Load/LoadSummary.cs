namespace OrleansSearch.Tests.Support.Load;

/// <summary>
/// What a run (or one operation of it) came to: requests sent, failed by reason, partial, latency percentiles
/// over the run and per second, and how long after a fault the answers were all full and successful again.
/// Latencies include failed requests (a timeout waited as long as it says); seconds are those the requests were
/// due in, so a stall shows in the second it hit, not in the second its answers arrived.
/// </summary>
public sealed class LoadSummary
{
    private LoadSummary(IReadOnlyList<RequestOutcome> outcomes)
    {
        Outcomes = outcomes;
        Failed = outcomes.Count(outcome => outcome.Kind == OutcomeKind.Failed);
        Partial = outcomes.Count(outcome => outcome.Kind == OutcomeKind.Partial);
        FailuresByReason = [.. outcomes.Where(outcome => outcome.Kind == OutcomeKind.Failed)
            .GroupBy(outcome => outcome.Failure ?? "?")
            .Select(group => (group.Key, group.Count()))
            .OrderByDescending(reason => reason.Item2)];
        Latency = LatencyPercentiles.Of(outcomes.Select(outcome => outcome.Latency));
        int seconds = outcomes.Count == 0 ? 0 : (int)outcomes.Max(outcome => outcome.IntendedAt.TotalSeconds) + 1;
        var bySecond = outcomes.ToLookup(outcome => (int)outcome.IntendedAt.TotalSeconds);
        PerSecond = [.. Enumerable.Range(0, seconds).Select(second =>
        {
            var due = bySecond[second].ToList();
            return new SecondSummary(second, due.Count, due.Count(o => o.Kind == OutcomeKind.Failed), due.Count(o => o.Kind == OutcomeKind.Partial),
                LatencyPercentiles.Of(due.Select(o => o.Latency)));
        })];
    }

    public IReadOnlyList<RequestOutcome> Outcomes { get; }

    public int Sent => Outcomes.Count;

    public int Failed { get; }

    public int Partial { get; }

    /// <summary>Failure reasons (<see cref="FailureReasons"/>) with their counts, most frequent first.</summary>
    public IReadOnlyList<(string Reason, int Count)> FailuresByReason { get; }

    public LatencyPercentiles Latency { get; }

    /// <summary>One entry per second of the run, empty seconds included.</summary>
    public IReadOnlyList<SecondSummary> PerSecond { get; }

    public static LoadSummary Of(IReadOnlyList<RequestOutcome> outcomes) => new(outcomes);

    /// <summary>The same summary restricted to one operation (<see cref="ILoadOperation.Name"/>).</summary>
    public LoadSummary For(string operation) => new([.. Outcomes.Where(outcome => outcome.Operation == operation)]);

    /// <summary>
    /// Time from <paramref name="faultAt"/> to the start of the first second from which every later second of the
    /// run is <see cref="SecondSummary.Clean"/>: zero when nothing failed or went partial after the fault, null when
    /// the run ended before that happened.
    /// </summary>
    public TimeSpan? RecoveryAfter(TimeSpan faultAt)
    {
        int faultSecond = (int)faultAt.TotalSeconds;
        int lastDirty = PerSecond.LastOrDefault(second => second.Second >= faultSecond && !second.Clean)?.Second ?? -1;
        if (lastDirty < 0)
        {
            return TimeSpan.Zero;
        }
        return lastDirty == PerSecond.Count - 1 ? null : TimeSpan.FromSeconds(lastDirty + 1) - faultAt;
    }

    /// <summary><c>503 x12, timeout x3</c>, or <c>none</c>.</summary>
    public string DescribeFailures() =>
        FailuresByReason.Count == 0 ? "none" : string.Join(", ", FailuresByReason.Select(reason => $"{reason.Reason} x{reason.Count}"));
}
