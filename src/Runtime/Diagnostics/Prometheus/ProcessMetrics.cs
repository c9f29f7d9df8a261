using System.Diagnostics;

namespace OrleansSearch.Runtime.Diagnostics.Prometheus;

/// <summary>
/// The process basics under the names Prometheus' client libraries use (process_*), plus a few GC and
/// thread-pool figures; all read from cheap runtime counters at scrape time.
/// </summary>
internal static class ProcessMetrics
{
    private static readonly double StartTimeSeconds = ReadStartTime();

    private static readonly string[] GenerationLabels = [.. Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => $"generation=\"{g}\"")];

    public static void WriteTo(PrometheusTextWriter writer)
    {
        Write(writer, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", PrometheusMetricType.Counter, Environment.CpuUsage.TotalTime.TotalSeconds);
        Write(writer, "process_resident_memory_bytes", "Resident memory size in bytes.", PrometheusMetricType.Gauge, Environment.WorkingSet);
        Write(writer, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.", PrometheusMetricType.Gauge, StartTimeSeconds);
        Write(writer, "dotnet_gc_heap_size_bytes", "GC heap size after the last collection, in bytes.", PrometheusMetricType.Gauge, GC.GetGCMemoryInfo().HeapSizeBytes);
        Write(writer, "dotnet_gc_allocated_bytes_total", "Bytes allocated on the GC heap since the process started.", PrometheusMetricType.Counter, GC.GetTotalAllocatedBytes());
        writer.WriteFamilyHeader("dotnet_gc_collections_total", "GC collections since the process started, by generation.", PrometheusMetricType.Counter);
        for (int generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            writer.WriteSample("dotnet_gc_collections_total", GenerationLabels[generation], GC.CollectionCount(generation));
        }
        Write(writer, "dotnet_threadpool_threads", "Thread-pool threads that currently exist.", PrometheusMetricType.Gauge, ThreadPool.ThreadCount);
    }

    private static void Write(PrometheusTextWriter writer, string name, string help, PrometheusMetricType type, double value)
    {
        writer.WriteFamilyHeader(name, help, type);
        writer.WriteSample(name, "", value);
    }

    private static double ReadStartTime()
    {
        using var process = Process.GetCurrentProcess();
        return new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
    }
}
