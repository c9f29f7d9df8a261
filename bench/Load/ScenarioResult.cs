using OrleansSearch.Tests.Support.Load;

namespace OrleansSearch.Load.Bench;

/// <summary>Everything one scenario measured, for the report.</summary>
internal sealed record ScenarioResult(
    Scenario Scenario,
    double Capacity,
    double SearchesPerSecond,
    double WritesPerSecond,
    LoadSummary Summary,
    IReadOnlyList<(TimeSpan At, string What)> FaultMarks,
    int AcknowledgedWrites,
    IReadOnlyList<string> LostWrites,
    IReadOnlyList<CapacityStep> CapacitySteps,
    IReadOnlyList<MemorySample> Memory,
    DateTimeOffset StartedAt,
    string LoadAverageBefore,
    string LoadAverageAfter)
{
    public TimeSpan? FaultStart => FaultMarks.Count > 0 ? FaultMarks[0].At : null;

    /// <summary>From the fault's start until every answer is full and successful for the rest of the run (null: not within the run).</summary>
    public TimeSpan? Recovery => FaultStart is { } start ? Summary.RecoveryAfter(start) : null;
}
