namespace OrleansSearch.Tests.Support.Load;

/// <summary>The requests due in one second of a run (by their intended send time): counts and latency.</summary>
public sealed record SecondSummary(int Second, int Sent, int Failed, int Partial, LatencyPercentiles Latency)
{
    /// <summary>Every request of the second was answered in full.</summary>
    public bool Clean => Failed == 0 && Partial == 0;
}
