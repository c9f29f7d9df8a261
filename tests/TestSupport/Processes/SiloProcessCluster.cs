using System.Globalization;

namespace OrleansSearch.Tests.Support.Processes;

/// <summary>
/// A real cluster on this machine: a throwaway PostgreSQL (membership, grain state, documents), N silo processes
/// (<c>silo-0</c>, <c>silo-1</c>, …) and optionally cluster-mode gateway processes, all on free loopback ports.
/// Each silo's HTTP side serves health, metrics and the dashboard. Dispose kills every process it started, then
/// the database, whatever state a test left them in.
/// </summary>
public sealed class SiloProcessCluster : IAsyncDisposable
{
    /// <summary>Generous on purpose: an Orleans start on a saturated two-core machine took 15–47 s.</summary>
    public static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(120);

    private readonly List<AppProcess> _silos = [];
    private readonly List<AppProcess> _gateways = [];

    /// <summary>Every process ever started, replaced ones included: dispose kills them all.</summary>
    private readonly List<AppProcess> _started = [];
    private readonly SiloProcessClusterOptions _options;

    private SiloProcessCluster(PostgresServer postgres, SiloProcessClusterOptions options, string logDirectory)
    {
        Postgres = postgres;
        _options = options;
        LogDirectory = logDirectory;
    }

    public PostgresServer Postgres { get; }

    /// <summary>Every silo started, including killed or stopped ones, in start order.</summary>
    public IReadOnlyList<AppProcess> Silos => _silos;

    /// <summary>The first cluster-mode gateway, when <see cref="SiloProcessClusterOptions.StartGateway"/> asked for one.</summary>
    public AppProcess? Gateway => _gateways.Count > 0 ? _gateways[0] : null;

    /// <summary>
    /// The cluster-mode gateways now serving (<c>gateway</c>, <c>gateway-1</c>, …); a gateway replaced by
    /// <see cref="ReplaceGatewayAsync"/> keeps its position, so clients spread by position keep their share.
    /// </summary>
    public IReadOnlyList<AppProcess> Gateways => _gateways;

    /// <summary>Where each process's stdout/stderr is written, one file per process.</summary>
    public string LogDirectory { get; }

    public string ClusterId => _options.ClusterId;

    /// <summary>Starts PostgreSQL, then the silos (side by side) and the gateway, and waits until each is ready.</summary>
    public static async Task<SiloProcessCluster> StartAsync(SiloProcessClusterOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        string logDirectory = Path.Combine(options.LogRoot ?? Path.Combine(AppContext.BaseDirectory, "TestResults", "cluster-logs"),
            $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}");
        var postgres = await PostgresServer.StartAsync(cancellationToken);
        var cluster = new SiloProcessCluster(postgres, options, logDirectory);
        try
        {
            for (int i = 0; i < options.Silos; i++)
            {
                cluster.StartSilo();
            }
            for (int i = 0; options.StartGateway && i < options.Gateways; i++)
            {
                cluster._gateways.Add(cluster.StartGateway(i == 0 ? "gateway" : $"gateway-{i.ToString(CultureInfo.InvariantCulture)}", LoopbackUri(FreePorts.Next())));
            }
            // A gateway started with the silos waits for them (it retries its first connection), so all start at once.
            await Task.WhenAll(cluster._silos.Concat(cluster._gateways).Select(process => process.WaitUntilHealthyAsync("/health/ready", StartDeadline, cancellationToken)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more silo (named <c>silo-N</c>) joining the cluster; the caller waits for its readiness.</summary>
    public AppProcess StartSilo()
    {
        string name = $"silo-{_silos.Count.ToString(CultureInfo.InvariantCulture)}";
        var http = LoopbackUri(FreePorts.Next());
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = http.ToString().TrimEnd('/'),
            ["Silo:Name"] = name,
            ["Silo:ListenAddress"] = "127.0.0.1",
            ["Silo:Port"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Silo:GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
        };
        AddCommon(settings);
        Overlay(settings, _options.SiloSettings);
        var silo = AppProcess.Start(name, BuiltApp.SiloDll, http, settings, LogDirectory);
        _silos.Add(silo);
        _started.Add(silo);
        return silo;
    }

    /// <summary>
    /// One step of a rolling restart, as a Deployment does it: SIGTERM to <paramref name="silo"/>, wait for its
    /// exit, start a new silo in its place (a new name and ports, like a new pod) and wait until it is ready
    /// (Active in the membership, store answering). Returns the new silo.
    /// </summary>
    public async Task<AppProcess> RestartSiloAsync(AppProcess silo, TimeSpan exitDeadline, CancellationToken cancellationToken = default)
    {
        await silo.StopGracefullyAsync(exitDeadline);
        var replacement = StartSilo();
        await replacement.WaitUntilHealthyAsync("/health/ready", StartDeadline, cancellationToken);
        return replacement;
    }

    /// <summary>
    /// Starts a new gateway process on the HTTP address of <paramref name="gateway"/> (which must have exited, e.g.
    /// killed) and waits until it is ready: clients that knew the old address find the new one there. It is named
    /// like the old one with <c>#N</c>, the Nth process on that address, so each keeps its own log file.
    /// </summary>
    public async Task<AppProcess> ReplaceGatewayAsync(AppProcess gateway, CancellationToken cancellationToken = default)
    {
        int position = _gateways.IndexOf(gateway);
        if (position < 0 || !gateway.HasExited)
        {
            throw new ArgumentException($"{gateway.Name} is not a gateway of this cluster that has exited.", nameof(gateway));
        }
        int generation = _started.Count(process => process.HttpAddress == gateway.HttpAddress);
        var replacement = StartGateway($"{_gateways[position].Name.Split('#')[0]}#{generation.ToString(CultureInfo.InvariantCulture)}", gateway.HttpAddress);
        _gateways[position] = replacement;
        await replacement.WaitUntilHealthyAsync("/health/ready", StartDeadline, cancellationToken);
        return replacement;
    }

    /// <summary>An HTTP client for the gateway's REST API (loopback callers get the anonymous plan).</summary>
    public HttpClient CreateGatewayClient(TimeSpan? timeout = null)
    {
        var gateway = Gateway ?? throw new InvalidOperationException("This cluster was started without a gateway (SiloProcessClusterOptions.StartGateway).");
        return new HttpClient { BaseAddress = gateway.HttpAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
    }

    /// <summary>
    /// A client for load on one gateway's address: unbounded pooled connections, so an open-loop generator never
    /// waits for a free connection (that wait would hide latency), and no proxy.
    /// </summary>
    public static HttpClient CreateLoadClient(Uri gatewayAddress, TimeSpan timeout) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        MaxConnectionsPerServer = int.MaxValue,
        // A replaced gateway listens on the same address: short-lived pooled connections find it sooner.
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5),
    })
    {
        BaseAddress = gatewayAddress,
        Timeout = timeout,
    };

    /// <summary>The silo named <paramref name="name"/> (as <c>shard_placement[].silo</c> reports it).</summary>
    public AppProcess Silo(string name) => _silos.SingleOrDefault(silo => silo.Name == name)
        ?? throw new ArgumentException($"No silo named '{name}'; the cluster has {string.Join(", ", _silos.Select(silo => silo.Name))}.", nameof(name));

    /// <summary>The tails of every process's log, for a failure message.</summary>
    public string LogTails() => string.Join("\n\n", _started.Select(process => process.LogTail()));

    public async ValueTask DisposeAsync()
    {
        // Processes first: silos that lose their database mid-run only add noise to the logs.
        foreach (var process in _started)
        {
            process.Dispose();
        }
        await Postgres.DisposeAsync();
    }

    private AppProcess StartGateway(string name, Uri http)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = http.ToString().TrimEnd('/'),
            ["Gateway:Mode"] = "Cluster",
            // Load generators on loopback must not meet the anonymous plan's 100 req/s.
            ["Auth:AnonymousPlan:Capacity"] = "100000",
            ["Auth:AnonymousPlan:PerSecond"] = "100000",
        };
        AddCommon(settings);
        Overlay(settings, _options.GatewaySettings);
        var gateway = AppProcess.Start(name, BuiltApp.GatewayDll, http, settings, LogDirectory);
        _started.Add(gateway);
        return gateway;
    }

    private void AddCommon(Dictionary<string, string?> settings)
    {
        settings["Silo:ClusterId"] = _options.ClusterId;
        settings["Silo:ServiceId"] = _options.ClusterId;
        settings["Storage:Provider"] = "Postgres";
        settings["Storage:ConnectionString"] = _options.DatabasePassword is { } password
            ? new Npgsql.NpgsqlConnectionStringBuilder(Postgres.ConnectionString) { Password = password }.ConnectionString
            : Postgres.ConnectionString;
        // Plain text lines read better in a failure message than the JSON the appsettings ask for.
        settings["Logging:Console:FormatterName"] = "simple";
        settings["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss.fff ";
        settings["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true";
        settings["Logging:Console:FormatterOptions:SingleLine"] = "true";
    }

    private static void Overlay(Dictionary<string, string?> settings, IReadOnlyDictionary<string, string?>? overrides)
    {
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    private static Uri LoopbackUri(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
}
