using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OrleansSearch.Runtime.Diagnostics.Prometheus;

namespace OrleansSearch.Runtime.Tests.Diagnostics;

/// <summary>The text exposition of each instrument kind: names, labels, escaping, histogram buckets.</summary>
public sealed class PrometheusExpositionTests : IDisposable
{
    private readonly string _meterName = "Test.Exposition." + Guid.NewGuid().ToString("N");
    private readonly Meter _meter;
    private readonly PrometheusCollector _collector;

    public PrometheusExpositionTests()
    {
        _meter = new Meter(_meterName, null, [new("silo", "silo-1")]);
        _collector = CollectorFor(_meterName);
    }

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    internal static PrometheusCollector CollectorFor(string meterPrefix, bool includeProcessMetrics = false, IMeterFactory? meterFactory = null)
    {
        var options = new PrometheusMetricsOptions { IncludeProcessMetrics = includeProcessMetrics };
        options.MeterPrefixes.Clear();
        options.MeterPrefixes.Add(meterPrefix);
        return new PrometheusCollector(options, meterFactory);
    }

    [Fact]
    public void A_counter_is_a_total_per_tag_set_with_meter_tags_as_labels_and_tag_order_ignored()
    {
        var calls = _meter.CreateCounter<long>("orleanssearch.grain.calls", "{call}", "Grain calls completed.");
        calls.Add(2, new("method", "Get"), new("grain_type", "counter"));
        calls.Add(3, new("grain_type", "counter"), new("method", "Get"));
        calls.Add(1, new("grain_type", "counter"), new("method", "Add"));

        Assert.Equal("""
            # HELP orleanssearch_grain_calls_total Grain calls completed.
            # TYPE orleanssearch_grain_calls_total counter
            orleanssearch_grain_calls_total{grain_type="counter",method="Add",silo="silo-1"} 1
            orleanssearch_grain_calls_total{grain_type="counter",method="Get",silo="silo-1"} 5

            """, _collector.Scrape());
    }

    [Fact]
    public void A_counter_ignores_negative_increments_and_an_up_down_counter_is_a_gauge()
    {
        var sent = _meter.CreateCounter<double>("bytes.sent", "By");
        sent.Add(10.5);
        sent.Add(-4);
        var activations = _meter.CreateUpDownCounter<int>("grain.activations", "{activation}", "Live activations.");
        activations.Add(2, new KeyValuePair<string, object?>("grain_type", "a"));
        activations.Add(-3, new KeyValuePair<string, object?>("grain_type", "a"));

        Assert.Equal("""
            # HELP bytes_sent_bytes_total bytes.sent
            # TYPE bytes_sent_bytes_total counter
            bytes_sent_bytes_total{silo="silo-1"} 10.5
            # HELP grain_activations Live activations.
            # TYPE grain_activations gauge
            grain_activations{grain_type="a",silo="silo-1"} -1

            """, _collector.Scrape());
    }

    [Fact]
    public void Observable_instruments_are_read_on_each_scrape()
    {
        int size = 3;
        long received = 100;
        _meter.CreateObservableGauge("membership.view.size", () => size, "{silo}", "Active silos.");
        _meter.CreateObservableCounter("messages.received", () => new Measurement<long>(received, new KeyValuePair<string, object?>("kind", "request")), "{message}");

        string first = _collector.Scrape();
        size = 5;
        received = 250;
        string second = _collector.Scrape();

        Assert.Contains("membership_view_size{silo=\"silo-1\"} 3\n", first, StringComparison.Ordinal);
        Assert.Contains("messages_received_total{kind=\"request\",silo=\"silo-1\"} 100\n", first, StringComparison.Ordinal);
        Assert.Contains("# TYPE messages_received_total counter\n", second, StringComparison.Ordinal);
        Assert.Contains("membership_view_size{silo=\"silo-1\"} 5\n", second, StringComparison.Ordinal);
        Assert.Contains("messages_received_total{kind=\"request\",silo=\"silo-1\"} 250\n", second, StringComparison.Ordinal);
    }

    [Fact]
    public void A_histogram_has_cumulative_buckets_from_the_advice_whose_inf_bucket_is_the_count()
    {
        var latency = _meter.CreateHistogram<double>("call.duration", "s", "Call latency.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5] });
        foreach (double value in new[] { 0.5, 1, 1.5, 5, 7.25 })
        {
            latency.Record(value, new KeyValuePair<string, object?>("method", "Get"));
        }

        Assert.Equal("""
            # HELP call_duration_seconds Call latency.
            # TYPE call_duration_seconds histogram
            call_duration_seconds_bucket{method="Get",silo="silo-1",le="1"} 2
            call_duration_seconds_bucket{method="Get",silo="silo-1",le="2"} 3
            call_duration_seconds_bucket{method="Get",silo="silo-1",le="5"} 4
            call_duration_seconds_bucket{method="Get",silo="silo-1",le="+Inf"} 5
            call_duration_seconds_sum{method="Get",silo="silo-1"} 15.25
            call_duration_seconds_count{method="Get",silo="silo-1"} 5

            """, _collector.Scrape());
    }

    [Fact]
    public void A_histogram_without_advice_uses_default_buckets_and_stays_consistent_under_random_values()
    {
        const int seed = 20261122;
        var random = new Random(seed);
        var sizes = _meter.CreateHistogram<long>("payload.size", "By");
        var values = new long[2000];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.Next(0, 20000);
            sizes.Record(values[i]);
        }

        var lines = _collector.Scrape().Split('\n').Where(line => line.StartsWith("payload_size_bytes_bucket", StringComparison.Ordinal)).ToArray();
        double[] bounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];
        Assert.Equal(bounds.Length + 1, lines.Length);
        for (int i = 0; i < bounds.Length; i++)
        {
            long expected = values.Count(v => v <= bounds[i]);
            Assert.True(lines[i].EndsWith($"le=\"{bounds[i]}\"}} {expected}", StringComparison.Ordinal), $"seed {seed}: {lines[i]} should count {expected}");
        }
        Assert.EndsWith($"le=\"+Inf\"}} {values.Length}", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Label_values_and_help_are_escaped_and_label_names_sanitized()
    {
        var counter = _meter.CreateCounter<int>("odd.counter", null, "Help with a \\ backslash\nand a second line.");
        counter.Add(1, new KeyValuePair<string, object?>("path.name", "C:\\dir \"quoted\"\nnext"), new KeyValuePair<string, object?>("ok", true));

        Assert.Equal("""
            # HELP odd_counter_total Help with a \\ backslash\nand a second line.
            # TYPE odd_counter_total counter
            odd_counter_total{ok="true",path_name="C:\\dir \"quoted\"\nnext",silo="silo-1"} 1

            """, _collector.Scrape());
    }

    [Theory]
    [InlineData("orleanssearch.grain.call.duration", "s", PrometheusMetricType.Histogram, "orleanssearch_grain_call_duration_seconds")]
    [InlineData("orleanssearch.messaging.sent.bytes", "By", PrometheusMetricType.Counter, "orleanssearch_messaging_sent_bytes_total")]
    [InlineData("orleanssearch.grain.activations", "{activation}", PrometheusMetricType.Gauge, "orleanssearch_grain_activations")]
    [InlineData("requests.total", "{request}", PrometheusMetricType.Counter, "requests_total")]
    [InlineData("http.server.request.duration", "ms", PrometheusMetricType.Histogram, "http_server_request_duration_milliseconds")]
    [InlineData("network.io", "By/s", PrometheusMetricType.Gauge, "network_io_bytes_per_second")]
    [InlineData("cpu.utilization", "1", PrometheusMetricType.Gauge, "cpu_utilization_ratio")]
    [InlineData("queue.length", "1", PrometheusMetricType.Counter, "queue_length_total")]
    [InlineData("9lives..metric-name", null, PrometheusMetricType.Gauge, "_9lives_metric_name")]
    internal void Names_follow_the_Prometheus_conventions(string instrument, string? unit, PrometheusMetricType type, string expected) =>
        Assert.Equal(expected, PrometheusNaming.MetricName(instrument, unit, type));

    [Fact]
    public void Series_are_sorted_and_same_named_instruments_of_several_meters_share_one_family()
    {
        using var other = new Meter(_meterName, null, [new("silo", "silo-0")]);
        _meter.CreateCounter<long>("zeta").Add(1);
        _meter.CreateCounter<long>("alpha").Add(1);
        other.CreateCounter<long>("alpha").Add(7);

        Assert.Equal("""
            # HELP alpha_total alpha
            # TYPE alpha_total counter
            alpha_total{silo="silo-0"} 7
            alpha_total{silo="silo-1"} 1
            # HELP zeta_total zeta
            # TYPE zeta_total counter
            zeta_total{silo="silo-1"} 1

            """, _collector.Scrape());
    }

    [Fact]
    public void A_disposed_meter_leaves_the_exposition()
    {
        var gone = new Meter(_meterName);
        gone.CreateCounter<long>("short.lived").Add(1);
        Assert.Contains("short_lived_total 1\n", _collector.Scrape(), StringComparison.Ordinal);

        gone.Dispose();

        Assert.DoesNotContain("short_lived", _collector.Scrape(), StringComparison.Ordinal);
    }

    [Fact]
    public void Meters_of_another_hosts_factory_are_left_out()
    {
        using var ours = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var theirs = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var collector = CollectorFor(_meterName, meterFactory: ours.GetRequiredService<IMeterFactory>());
        ours.GetRequiredService<IMeterFactory>().Create(_meterName).CreateCounter<long>("mine").Add(1);
        theirs.GetRequiredService<IMeterFactory>().Create(_meterName).CreateCounter<long>("theirs").Add(1);
        _meter.CreateCounter<long>("unscoped").Add(1);

        string text = collector.Scrape();

        Assert.Contains("mine_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("unscoped_total{silo=\"silo-1\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("theirs", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Measurements_on_a_known_tag_set_allocate_nothing()
    {
        var calls = _meter.CreateCounter<long>("hot.calls");
        var latency = _meter.CreateHistogram<double>("hot.latency", "s");
        var type = new KeyValuePair<string, object?>("grain_type", "counter");
        var method = new KeyValuePair<string, object?>("method", "Get");
        var outcome = new KeyValuePair<string, object?>("outcome", "ok");
        for (int i = 0; i < 200; i++)
        {
            calls.Add(1, type, method, outcome);
            latency.Record(0.001 * i, type, method);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            calls.Add(1, outcome, type, method);
            latency.Record(0.001 * i, type, method);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Contains("hot_calls_total{grain_type=\"counter\",method=\"Get\",outcome=\"ok\",silo=\"silo-1\"} 10200\n", _collector.Scrape(), StringComparison.Ordinal);
    }

    [Fact]
    public void Concurrent_measurements_on_new_and_known_tag_sets_are_all_counted()
    {
        const int seed = 424242;
        const int threads = 4;
        const int perThread = 20_000;
        var calls = _meter.CreateCounter<long>("concurrent.calls");
        var latency = _meter.CreateHistogram<double>("concurrent.latency", null, null, advice: new() { HistogramBucketBoundaries = [10, 50] });
        string[] methods = ["a", "b", "c", "d", "e", "f", "g", "h"];
        var expected = new long[methods.Length];
        var workers = Enumerable.Range(0, threads).Select(worker => new Thread(() =>
        {
            var random = new Random(seed + worker);
            for (int i = 0; i < perThread; i++)
            {
                int method = random.Next(methods.Length);
                Interlocked.Increment(ref expected[method]);
                calls.Add(1, new KeyValuePair<string, object?>("method", methods[method]));
                latency.Record(random.Next(100));
            }
        })).ToList();
        workers.ForEach(thread => thread.Start());
        workers.ForEach(thread => thread.Join());

        string text = _collector.Scrape();
        for (int i = 0; i < methods.Length; i++)
        {
            Assert.Contains($"concurrent_calls_total{{method=\"{methods[i]}\",silo=\"silo-1\"}} {expected[i]}\n", text, StringComparison.Ordinal);
        }
        Assert.Contains($"concurrent_latency_bucket{{silo=\"silo-1\",le=\"+Inf\"}} {threads * perThread}\n", text, StringComparison.Ordinal);
        Assert.Contains($"concurrent_latency_count{{silo=\"silo-1\"}} {threads * perThread}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_without_a_usable_prefix_are_rejected()
    {
        var none = new PrometheusMetricsOptions();
        none.MeterPrefixes.Clear();
        var empty = new PrometheusMetricsOptions();
        empty.MeterPrefixes.Add(" ");

        Assert.Contains("MeterPrefixes", Assert.Throws<ArgumentException>(() => new PrometheusCollector(none)).Message, StringComparison.Ordinal);
        Assert.Contains("empty prefix", Assert.Throws<ArgumentException>(() => new PrometheusCollector(empty)).Message, StringComparison.Ordinal);
    }
}
