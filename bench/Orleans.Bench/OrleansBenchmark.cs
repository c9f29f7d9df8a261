using System.Globalization;
using OrleansSearch.Orleans.Bench.Echo;
using OrleansSearch.Orleans.Bench.RawTcp;

namespace OrleansSearch.Orleans.Bench;

/// <summary>
/// Calls/s and latency of a 64-byte echo along three Orleans paths and over raw TCP, at concurrency 1, 16 and 256, in
/// one run: every point gets one short slice per round, in an order that rotates from round to round, so load from
/// elsewhere on the machine falls on all of them alike.
/// </summary>
internal static class OrleansBenchmark
{
    private static readonly int[] Concurrencies = [1, 16, 256];
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    // Each path gets its own range of grain keys, so no activation serves two paths.
    private const int CoHostedKeys = 0;
    private const int ClientKeys = 1_000;
    private const int SiloToSiloKeys = 2_000;

    public static async Task<int> RunAsync(TimeSpan slice, int rounds, int payloadSize, TextWriter output)
    {
        int workers = Concurrencies.Max();
        var payload = EchoPayload.Create(payloadSize);
        await using var server = EchoServer.Start();
        await using var tcp = await PipelinedEchoClient.ConnectAsync(server.EndPoint, payload.Bytes, workers);
        await using var silos = await BenchSilos.StartAsync();
        // Keys -1 and -2: one probe grain activated from each silo, to learn its identity.
        string siloA = await silos.SiloA.GetGrain<IEchoGrain>(-1).SiloOf();
        string siloB = await silos.SiloB.GetGrain<IEchoGrain>(-2).SiloOf();
        output.WriteLine($"Silo A {siloA}, silo B {siloB}.");

        var coHosted = await PlaceAsync(silos.SiloA, CoHostedKeys, workers, siloA);
        // Activated from A, called from the client: the client's gateway is A, so a call goes client → A and back.
        var fromClient = (await PlaceAsync(silos.SiloA, ClientKeys, workers, siloA)).Select(grain => silos.Client.GetGrain<IEchoGrain>(grain.GetPrimaryKeyLong())).ToArray();
        var relays = await PlaceRelaysAsync(silos, workers, siloA, siloB);
        ICallTarget raw = new RawTcpTarget(tcp);
        ICallTarget[] targets =
        [
            raw,
            new GrainCallTarget("(a) co-hosted (silo's own IGrainFactory)", [.. coHosted.Select(Call)], payload),
            new GrainCallTarget("(b) client → silo (loopback)", [.. fromClient.Select(Call)], payload),
            new GrainCallTarget("(c) silo → silo (grain on A calls grain on B)", [.. relays.Select(relay => (Func<EchoPayload, Task<EchoPayload>>)relay.Echo)], payload),
        ];
        foreach (var target in targets)
        {
            for (int worker = 0; worker < workers; worker++)
            {
                if (!(await target.CallAsync(worker)).AsSpan().SequenceEqual(payload.Bytes))
                {
                    throw new InvalidOperationException($"{target.Name} did not echo the payload (worker {worker}).");
                }
            }
        }
        output.WriteLine($"Placement checked: {workers} echo grains on A for (a) and (b), {workers} relays on A calling {workers} echo grains on B for (c); every target echoes.");

        var points = Concurrencies.SelectMany(concurrency => targets.Select(target => new PointSamples(target, concurrency))).ToList();
        foreach (var point in points)
        {
            await CallLoad.RunAsync(point.Target, point.Concurrency, WarmUp);
        }
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < points.Count; i++)
            {
                var point = points[(i + round * (targets.Length + 1)) % points.Count];
                var (latencies, seconds) = await CallLoad.RunAsync(point.Target, point.Concurrency, slice);
                point.Add(latencies, seconds);
            }
            output.WriteLine($"Round {round + 1} of {rounds} done.");
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{payloadSize}-byte payload, {rounds} rounds × {slice.TotalSeconds:0.##} s per point, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        output.WriteLine();
        ResultsTable.Write(points, raw, output);
        return 0;
    }

    private static Func<EchoPayload, Task<EchoPayload>> Call(IEchoGrain grain) => grain.Echo;

    /// <summary>Activates echo grains from <paramref name="factory"/>'s silo (local placement) and checks they landed there.</summary>
    private static async Task<IEchoGrain[]> PlaceAsync(IGrainFactory factory, int firstKey, int count, string expectedSilo)
    {
        var grains = Enumerable.Range(firstKey, count).Select(key => factory.GetGrain<IEchoGrain>(key)).ToArray();
        foreach (var grain in grains)
        {
            string silo = await grain.SiloOf();
            if (silo != expectedSilo)
            {
                throw new InvalidOperationException($"Echo grain {grain.GetPrimaryKeyLong()} was placed on {silo}, not {expectedSilo}.");
            }
        }
        return grains;
    }

    /// <summary>Echo grains activated from B, then relays of the same keys activated from A; checks both placements.</summary>
    private static async Task<IRelayGrain[]> PlaceRelaysAsync(BenchSilos silos, int count, string siloA, string siloB)
    {
        await PlaceAsync(silos.SiloB, SiloToSiloKeys, count, siloB);
        var relays = Enumerable.Range(SiloToSiloKeys, count).Select(key => silos.SiloA.GetGrain<IRelayGrain>(key)).ToArray();
        foreach (var relay in relays)
        {
            string silo = await relay.SiloOf();
            if (silo != siloA)
            {
                throw new InvalidOperationException($"Relay {relay.GetPrimaryKeyLong()} was placed on {silo}, not {siloA}.");
            }
        }
        return relays;
    }
}
