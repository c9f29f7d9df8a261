namespace OrleansSearch.Runtime.Diagnostics.Prometheus;

/// <summary>The TYPE line of a metric family.</summary>
internal enum PrometheusMetricType
{
    Counter,
    Gauge,
    Histogram,
}
