namespace OrleansSearch.Runtime.Diagnostics.Prometheus;

/// <summary>What the <c>/metrics</c> endpoint exposes.</summary>
public sealed class PrometheusMetricsOptions
{
    /// <summary>The runtime's and the search engine's meters all start with this name.</summary>
    public const string DefaultMeterPrefix = "OrleansSearch.";

    /// <summary>
    /// Meters whose name starts with one of these (ordinal) are exposed; default <see cref="DefaultMeterPrefix"/>.
    /// Add <c>"System.Runtime"</c> to also expose the .NET runtime's own meter.
    /// </summary>
    public IList<string> MeterPrefixes { get; } = [DefaultMeterPrefix];

    /// <summary>Adds process_cpu_seconds_total, process_resident_memory_bytes and the GC basics; default true.</summary>
    public bool IncludeProcessMetrics { get; set; } = true;

    internal void Validate()
    {
        if (MeterPrefixes.Count == 0)
        {
            throw new ArgumentException($"{nameof(MeterPrefixes)} is empty: name at least one meter prefix, or the endpoint exposes no meter.", nameof(MeterPrefixes));
        }
        foreach (string prefix in MeterPrefixes)
        {
            if (string.IsNullOrWhiteSpace(prefix))
            {
                throw new ArgumentException($"{nameof(MeterPrefixes)} holds an empty prefix ('{prefix}'): it would match every meter in the process; list the meters by name instead.", nameof(MeterPrefixes));
            }
        }
    }
}
