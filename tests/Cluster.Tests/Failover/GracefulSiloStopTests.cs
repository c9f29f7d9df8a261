using OrleansSearch.Cluster.Tests.Load;
using OrleansSearch.Tests.Support.Load;

namespace OrleansSearch.Cluster.Tests.Failover;

/// <summary>SIGTERM of a silo that hosts shards, under writes and reads: a clean exit, nothing lost, only retriable errors.</summary>
public sealed class GracefulSiloStopTests(ITestOutputHelper output)
{
    private static readonly TimeSpan LoadDeadline = TimeSpan.FromSeconds(90);

    /// <summary>The silo host's own drain limit (SiloHostExtensions.ShutdownTimeout, 45 s) plus room for a loaded machine.</summary>
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Sigterm_of_a_silo_exits_0_and_loses_nothing()
    {
        await using var setup = await ShardedIndexUnderLoad.StartAsync(output);
        var load = setup.Load;
        await load.WaitForAcknowledgedAsync(20, LoadDeadline);
        var victim = await setup.SiloHostingShardsAsync(output);

        int acknowledgedBeforeStop = load.Acknowledged;
        int exitCode = await victim.StopGracefullyAsync(ExitDeadline);
        output.WriteLine($"{victim.Name} exited with {exitCode} after SIGTERM ({acknowledgedBeforeStop} acknowledged writes before)");

        await load.WaitForAcknowledgedAsync(load.Acknowledged + 20, LoadDeadline);
        await load.StopAsync();
        var lost = await AcknowledgedWrites.FindLostAsync(setup.Http, ShardedIndexUnderLoad.Index, load.AcknowledgedIds, deadline: TimeSpan.FromSeconds(30));
        output.WriteLine($"{load.Acknowledged} acknowledged writes, {lost.Count} lost; {load.Retriable503} retriable 503s; other errors: {WriteReadLoad.Describe(load.OtherErrors)}");

        Assert.True(exitCode == 0, $"{victim.Name} exited with {exitCode}.\n{victim.LogTail()}");
        Assert.True(lost.Count == 0, $"Acknowledged writes not readable: {string.Join(", ", lost.Take(20))}\n{setup.Cluster.LogTails()}");
        Assert.True(load.OtherErrors.Count == 0, $"Failed requests other than 503: {WriteReadLoad.Describe(load.OtherErrors)}\n{setup.Cluster.LogTails()}");
    }
}
