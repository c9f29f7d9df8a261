using System.Diagnostics.Metrics;
using System.Net.Sockets;
using OrleansSearch.Runtime.Diagnostics;
using OrleansSearch.Runtime.Hosting;
using OrleansSearch.Runtime.Membership;
using OrleansSearch.Runtime.Tests.Grains;

namespace OrleansSearch.Runtime.Tests.Cluster;

[Collection(SharedClusterCollection.Name)]
public sealed class RobustnessTests(SharedClusterFixture fixture)
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3 })]            // a frame length far over the limit
    [InlineData(new byte[] { 8, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8 })]         // a frame too short for a header
    [InlineData(new byte[] { 0xF0, 0xFF, 0xFF, 0xFF })]                     // a negative length
    public async Task Garbage_on_the_wire_closes_that_connection_and_the_silo_keeps_serving(byte[] garbage)
    {
        var silo = fixture.Cluster.Silos[0];
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(silo.Address.Host, silo.Address.Port);
        await socket.SendAsync(garbage);

        var buffer = new byte[16];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        int read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);

        Assert.Equal(0, read); // the silo hung up on the broken peer
        Assert.Equal(SiloStatus.Active, silo.Status);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(i, await fixture.Cluster.Client.GetGrain<IChainGrain>($"after-garbage-{i}").Echo(i));
        }
    }

    [Fact]
    public async Task Calls_and_activations_are_measured_by_grain_type_and_method()
    {
        var calls = new List<(long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == InstrumentNames.MeterName && instrument.Name == InstrumentNames.GrainCalls)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }
            lock (calls)
            {
                calls.Add((value, copy));
            }
        });
        listener.Start();

        await fixture.Cluster.Client.GetGrain<IChainGrain>("measured").Echo(1);
        await Assert.ThrowsAsync<GrainCallFailedException>(() => fixture.Cluster.Client.GetGrain<IChainGrain>("measured").Fail("x"));

        lock (calls)
        {
            Assert.Contains(calls, c => (string?)c.Tags["method"] == "IChainGrain.Echo" && (string?)c.Tags["outcome"] == "ok" && (string?)c.Tags["grain_type"] == "chain");
            Assert.Contains(calls, c => (string?)c.Tags["method"] == "IChainGrain.Fail" && (string?)c.Tags["outcome"] == "error");
        }
    }

    [Fact]
    public async Task Invalid_options_fail_at_start_naming_option_value_and_rule()
    {
        var silo = new SiloBuilder()
            .UseMembershipTable(new MemoryMembershipTable())
            .ConfigureMembership(options => options.ProbeInterval = TimeSpan.Zero)
            .Build();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => silo.StartAsync());

        Assert.Contains("Membership:ProbeInterval is 00:00:00; it must be greater than zero.", error.Message, StringComparison.Ordinal);
    }
}
