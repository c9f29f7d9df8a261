using System.Diagnostics;
using System.Net;
using OrleansSearch.Tests.Support.Processes;

namespace OrleansSearch.Failover.Bench;

/// <summary>
/// One measurement: three silo processes and a gateway on a fresh PostgreSQL, <see cref="Indexes"/> indexes of
/// <see cref="ShardsPerIndex"/> shards (100 shard grains) holding <see cref="DocumentsPerIndex"/> documents each,
/// then SIGKILL of the silo hosting most shards. Recovery is the time from the kill until every index answers a
/// full search (<c>allow_partial:false</c>, no missing shard, every document counted) from the survivors.
/// </summary>
internal static class FailoverRun
{
    public const int Indexes = 20;
    public const int ShardsPerIndex = 5;
    public const int DocumentsPerIndex = 10;

    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(180);

    public static async Task<TimeSpan> MeasureAsync(MembershipProfile profile, TextWriter log, CancellationToken cancellationToken)
    {
        await using var cluster = await SiloProcessCluster.StartAsync(new SiloProcessClusterOptions
        {
            Silos = 3,
            SiloSettings = profile.SiloSettings,
            GatewaySettings = profile.GatewaySettings,
            LogRoot = Path.Combine(AppContext.BaseDirectory, "failover-logs"),
        }, cancellationToken);
        using var http = cluster.CreateGatewayClient(TimeSpan.FromSeconds(60));
        string[] indexes = [.. Enumerable.Range(0, Indexes).Select(i => $"bench{i}")];
        foreach (string index in indexes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await GatewayApi.CreateIndexAsync(http, index, ShardsPerIndex);
            for (int d = 0; d < DocumentsPerIndex; d++)
            {
                using var write = await GatewayApi.WriteAsync(http, index, $"{index}-doc{d}");
                await GatewayApi.EnsureAsync(write, "write");
            }
        }
        // Every shard active and answering before the kill, so recovery is measured from a warm cluster.
        foreach (string index in indexes)
        {
            if (await FullAnswerAsync(http, index) is { } problem)
            {
                throw new InvalidOperationException($"{index} is not complete before the kill: {problem}");
            }
        }

        var placement = new List<string>();
        foreach (string index in indexes)
        {
            placement.AddRange((await GatewayApi.ShardPlacementAsync(http, index)).Select(p => p.Silo));
        }
        var bySilo = placement.GroupBy(silo => silo).OrderByDescending(g => g.Count()).ToList();
        var victim = cluster.Silo(bySilo[0].Key);
        log.WriteLine($"  placement: {string.Join(", ", bySilo.Select(g => $"{g.Key} {g.Count()}"))}; killing {victim.Name}");

        // The clock starts before the signal: recovery counts from the moment the silo could be gone.
        var sinceKill = Stopwatch.StartNew();
        victim.Kill();
        var recovered = await Task.WhenAll(indexes.Select(index => RecoveredAsync(http, index, sinceKill, cancellationToken)));
        return recovered.Max();
    }

    /// <summary>Polls one index until a full answer; returns the time since the kill it came at.</summary>
    private static async Task<TimeSpan> RecoveredAsync(HttpClient http, string index, Stopwatch sinceKill, CancellationToken cancellationToken)
    {
        string? problem = "not asked yet";
        while (sinceKill.Elapsed < RecoveryDeadline)
        {
            problem = await FullAnswerAsync(http, index);
            if (problem is null)
            {
                return sinceKill.Elapsed;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
        throw new TimeoutException($"{index} gave no full answer within {RecoveryDeadline.TotalSeconds:0} s of the kill (last: {problem}).");
    }

    /// <summary>null when the index answers in full; otherwise what was wrong.</summary>
    private static async Task<string?> FullAnswerAsync(HttpClient http, string index)
    {
        try
        {
            using var response = await GatewayApi.SearchAllAsync(http, index, allowPartial: false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return $"HTTP {(int)response.StatusCode}";
            }
            var body = await GatewayApi.ReadJsonAsync(response);
            long total = body.GetProperty("total").GetInt64();
            return !body.GetProperty("partial").GetBoolean() && total == DocumentsPerIndex ? null : $"total {total}, partial {body.GetProperty("partial")}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return e.Message;
        }
    }
}
