using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansSearch.McpGateway.Querying;

/// <summary>The gateway's metrics, from one meter <c>OrleansSearch.Gateway</c>; names in <see cref="GatewayInstrumentNames"/>.</summary>
public sealed class GatewayInstruments
{
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _queryDuration;
    private readonly Histogram<double> _fanOutDuration;
    private readonly Counter<long> _cacheLookups;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _documentsIndexed;
    private readonly Counter<long> _partialResponses;
    private readonly Counter<long> _overloaded;
    private readonly Counter<long> _rateLimitBucketsUnavailable;

    public GatewayInstruments(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(GatewayInstrumentNames.MeterName);
        double[] latencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
        _requests = meter.CreateCounter<long>(GatewayInstrumentNames.Requests, "{request}", "Requests by route or tool and status.");
        _queryDuration = meter.CreateHistogram<double>(GatewayInstrumentNames.QueryDuration, "s", "Search latency by mode and whether it was cached.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = latencyBuckets });
        _fanOutDuration = meter.CreateHistogram<double>(GatewayInstrumentNames.FanOutDuration, "s", "Latency of one fan-out phase over all shards.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = latencyBuckets });
        _cacheLookups = meter.CreateCounter<long>(GatewayInstrumentNames.CacheLookups, "{lookup}", "Response cache lookups by result (hit, miss).");
        _rateLimited = meter.CreateCounter<long>(GatewayInstrumentNames.RateLimited, "{request}", "Requests refused by a client's rate limit.");
        _documentsIndexed = meter.CreateCounter<long>(GatewayInstrumentNames.DocumentsIndexed, "{document}", "Documents written, by outcome.");
        _partialResponses = meter.CreateCounter<long>(GatewayInstrumentNames.PartialResponses, "{response}", "Searches answered without some shards (partial: true), by index.");
        _overloaded = meter.CreateCounter<long>(GatewayInstrumentNames.Overloaded, "{request}", "Requests the gateway's admission limit refused with 503 overloaded, by api (rest, mcp).");
        _rateLimitBucketsUnavailable = meter.CreateCounter<long>(GatewayInstrumentNames.RateLimitBucketsUnavailable, "{lease}",
            "Rate-limit bucket calls that failed or timed out; each let its client through unlimited for one lease.");
    }

    public void RequestCompleted(string route, int status)
        => _requests.Add(1, new TagList { { "route", route }, { "status", status } });

    public void QueryCompleted(string mode, bool cached, TimeSpan elapsed)
        => _queryDuration.Record(elapsed.TotalSeconds, new TagList { { "mode", mode }, { "cached", cached } });

    public void FanOutCompleted(TimeSpan elapsed) => _fanOutDuration.Record(elapsed.TotalSeconds);

    public void CacheLookup(bool hit) => _cacheLookups.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    public void RateLimited(string client) => _rateLimited.Add(1, new KeyValuePair<string, object?>("client", client));

    public void Overloaded(string api) => _overloaded.Add(1, new KeyValuePair<string, object?>("api", api));

    public void RateLimitBucketUnavailable() => _rateLimitBucketsUnavailable.Add(1);

    public void PartialResponse(string index) => _partialResponses.Add(1, new KeyValuePair<string, object?>("index", index));

    public void DocumentsWritten(int succeeded, int failed)
    {
        _documentsIndexed.Add(succeeded, new KeyValuePair<string, object?>("outcome", "ok"));
        _documentsIndexed.Add(failed, new KeyValuePair<string, object?>("outcome", "error"));
    }
}

/// <summary>Every metric name the gateway emits.</summary>
public static class GatewayInstrumentNames
{
    public const string MeterName = "OrleansSearch.Gateway";
    public const string Requests = "orleanssearch.gateway.requests";
    public const string QueryDuration = "orleanssearch.gateway.query.duration";
    public const string FanOutDuration = "orleanssearch.gateway.fanout.duration";
    public const string CacheLookups = "orleanssearch.gateway.cache.lookups";
    public const string RateLimited = "orleanssearch.gateway.rate_limited";
    public const string PartialResponses = "orleanssearch.gateway.partial_responses";
    public const string Overloaded = "orleanssearch.gateway.overloaded";
    public const string RateLimitBucketsUnavailable = "orleanssearch.gateway.rate_limit.buckets_unavailable";
    public const string DocumentsIndexed = "orleanssearch.gateway.documents.indexed";
}
