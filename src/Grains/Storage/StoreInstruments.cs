using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansSearch.Grains.Storage;

/// <summary>
/// Metrics of the document store as the shards see it, from meter <see cref="MeterName"/>: failed store operations
/// (<c>orleanssearch_store_errors_total</c>, by operation), the signal an operator alerts on when the database is down;
/// and how long a shard takes to load on activation (<c>orleanssearch_shard_load_duration_seconds</c>: snapshot read
/// plus replay of the writes after it), which is how long its queries wait after a silo is lost.
/// </summary>
public sealed class StoreInstruments
{
    public const string MeterName = "OrleansSearch.Grains";
    public const string Errors = "orleanssearch.store.errors";
    public const string ShardLoadDuration = "orleanssearch.shard.load.duration";

    private readonly Counter<long> _errors;
    private readonly Histogram<double> _shardLoadDuration;

    public StoreInstruments(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _errors = meter.CreateCounter<long>(Errors, "{error}", "Document store operations that failed, by operation (write, read, snapshot).");
        // Small shards load in milliseconds; a large one replaying many writes can take tens of seconds.
        _shardLoadDuration = meter.CreateHistogram<double>(ShardLoadDuration, "s", "Time a shard took to load on activation: snapshot read and replay.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
    }

    public void Failed(string operation) => _errors.Add(1, new TagList { { "operation", operation } });

    public void ShardLoaded(TimeSpan elapsed) => _shardLoadDuration.Record(elapsed.TotalSeconds);
}
