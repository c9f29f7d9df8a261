using System.Diagnostics.Metrics;

namespace OrleansSearch.Runtime.Diagnostics;

/// <summary>The meter factory used when the host supplies none: meters are still real and observable by a MeterListener.</summary>
internal sealed class StandaloneMeterFactory : IMeterFactory
{
    public Meter Create(MeterOptions options) => new(options);

    public void Dispose() { }
}
