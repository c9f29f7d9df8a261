using OrleansSearch.Tests.Support.Load;

namespace OrleansSearch.Load.Bench;

/// <summary>
/// What a fault did and when, on the load's own clock (<see cref="OpenLoopLoad.Elapsed"/>), so the report can put
/// each step next to the per-second figures. The first mark is the fault's start, from which recovery is counted.
/// </summary>
internal sealed class FaultTimeline(OpenLoopLoad load, TextWriter log)
{
    private readonly List<(TimeSpan At, string What)> _marks = [];

    public IReadOnlyList<(TimeSpan At, string What)> Marks => _marks;

    public TimeSpan? Start => _marks.Count > 0 ? _marks[0].At : null;

    public TimeSpan? End => _marks.Count > 0 ? _marks[^1].At : null;

    public void Mark(string what)
    {
        var at = load.Elapsed;
        _marks.Add((at, what));
        log.WriteLine($"  {at.TotalSeconds,6:0.0} s  {what}");
    }
}
