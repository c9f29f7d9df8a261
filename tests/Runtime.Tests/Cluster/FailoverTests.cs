using System.Diagnostics;
using OrleansSearch.Runtime.Testing;
using OrleansSearch.Runtime.Tests.Grains;
using Xunit.Abstractions;

namespace OrleansSearch.Runtime.Tests.Cluster;

public sealed class FailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_a_silo_is_killed_every_grain_answers_from_a_survivor_with_its_last_written_state()
    {
        await using var cluster = await TestCluster.StartAsync(3, TestSilos.WithTestGrains());
        var client = cluster.Client;
        const int grains = 60;
        for (int i = 0; i < grains; i++)
        {
            await client.GetGrain<ICounterGrain>($"failover-{i}").Add(i + 1);
        }
        var victim = cluster.Silos[1];
        var onVictim = new List<int>();
        for (int i = 0; i < grains; i++)
        {
            if (await client.GetGrain<ICounterGrain>($"failover-{i}").SiloName() == victim.Name)
            {
                onVictim.Add(i);
            }
        }
        Assert.NotEmpty(onVictim);

        var clock = Stopwatch.StartNew();
        await cluster.KillSiloAsync(victim);
        var answered = await Task.WhenAll(Enumerable.Range(0, grains).Select(async i =>
        {
            int value = await client.GetGrain<ICounterGrain>($"failover-{i}").Get();
            return (i, value, clock.Elapsed);
        }));

        Assert.All(answered, a => Assert.Equal(a.i + 1, a.value));
        var slowest = answered.Max(a => a.Elapsed);
        output.WriteLine($"{onVictim.Count} grains lived on the killed silo; all {grains} answered within {slowest.TotalSeconds:0.00} s");
        // Detection (about 1.5–3 s with the test cluster's 0.5 s probes) plus activation.
        Assert.True(slowest < TimeSpan.FromSeconds(8), $"failover took {slowest}");
        foreach (int i in onVictim)
        {
            Assert.NotEqual(victim.Name, await client.GetGrain<ICounterGrain>($"failover-{i}").SiloName());
        }
    }

    [Fact]
    public async Task A_graceful_stop_under_continuous_calls_fails_no_call_and_loses_no_write()
    {
        await using var cluster = await TestCluster.StartAsync(3, TestSilos.WithTestGrains());
        var client = cluster.Client;
        const int grains = 40;
        var expected = new int[grains];
        int failures = 0;
        var failureMessages = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();

        var callers = Enumerable.Range(0, grains).Select(async i =>
        {
            var counter = client.GetGrain<ICounterGrain>($"graceful-{i}");
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await counter.Add(1);
                    expected[i]++;
                }
                catch (Exception exception)
                {
                    Interlocked.Increment(ref failures);
                    failureMessages.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {exception.Message}");
                }
            }
        }).ToArray();

        await Task.Delay(500);
        var stopping = cluster.Silos[0];
        failureMessages.Enqueue($"stopping {stopping.Address} at {DateTime.UtcNow:HH:mm:ss.fff}");
        await cluster.StopSiloAsync(stopping);
        failureMessages.Enqueue($"stopped at {DateTime.UtcNow:HH:mm:ss.fff}");
        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(callers);

        Assert.True(failures == 0, $"{failures} calls failed: {string.Join(" | ", failureMessages.Take(4))}");
        for (int i = 0; i < grains; i++)
        {
            Assert.Equal(expected[i], await client.GetGrain<ICounterGrain>($"graceful-{i}").Get());
        }
        output.WriteLine($"{expected.Sum()} writes across the stop, none failed");
    }

    [Fact]
    public async Task Adding_a_silo_under_load_moves_grains_without_losing_writes()
    {
        await using var cluster = await TestCluster.StartAsync(3, TestSilos.WithTestGrains());
        var client = cluster.Client;
        const int grains = 40;
        var expected = new int[grains];
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();

        var callers = Enumerable.Range(0, grains).Select(async i =>
        {
            var counter = client.GetGrain<ICounterGrain>($"join-{i}");
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await counter.Add(1);
                    expected[i]++;
                }
                catch (Exception exception)
                {
                    failures.Enqueue(exception.Message);
                }
            }
        }).ToArray();

        await Task.Delay(300);
        var joined = await cluster.StartSiloAsync();
        await cluster.WaitForViewAsync(4);
        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(callers);

        Assert.True(failures.IsEmpty, $"{failures.Count} calls failed: {string.Join(" | ", failures.Take(3))}");
        int onNewSilo = 0;
        for (int i = 0; i < grains; i++)
        {
            var counter = client.GetGrain<ICounterGrain>($"join-{i}");
            Assert.Equal(expected[i], await counter.Get());
            onNewSilo += await counter.SiloName() == joined.Name ? 1 : 0;
        }
        Assert.True(onNewSilo > 0, "some grains should have moved to the new silo");
    }
}
