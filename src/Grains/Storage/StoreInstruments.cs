using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansSearch.Grains.Storage;

/// <summary>
/// Metrics of the document store as the shards see it, from meter <see cref="MeterName"/>: failed store operations
/// (<c>orleanssearch_store_errors_total</c>, by operation), the signal an operator alerts on when the database is down.
/// </summary>
public sealed class StoreInstruments
{
    public const string MeterName = "OrleansSearch.Grains";
    public const string Errors = "orleanssearch.store.errors";

    private readonly Counter<long> _errors;

    public StoreInstruments(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _errors = meterFactory.Create(MeterName).CreateCounter<long>(Errors, "{error}", "Document store operations that failed, by operation (write, read, snapshot).");
    }

    public void Failed(string operation) => _errors.Add(1, new TagList { { "operation", operation } });
}
