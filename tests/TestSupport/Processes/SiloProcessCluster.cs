using System.Globalization;

namespace OrleansSearch.Tests.Support.Processes;

/// <summary>
/// A real cluster on this machine: a throwaway PostgreSQL (membership, grain state, documents), N silo processes
/// (<c>silo-0</c>, <c>silo-1</c>, …) and optionally a cluster-mode gateway process, all on free loopback ports.
/// Each silo's HTTP side serves health, metrics and the dashboard. Dispose kills every process it started, then
/// the database, whatever state a test left them in.
/// </summary>
public sealed class SiloProcessCluster : IAsyncDisposable
{
    /// <summary>Generous on purpose: an Orleans start on a saturated two-core machine took 15–47 s.</summary>
    public static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(120);

    private readonly List<AppProcess> _silos = [];
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

    /// <summary>The cluster-mode gateway, when <see cref="SiloProcessClusterOptions.StartGateway"/> asked for one.</summary>
    public AppProcess? Gateway { get; private set; }

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
            if (options.StartGateway)
            {
                cluster.StartGateway();
            }
            // A gateway started with the silos waits for them (it retries its first connection), so all start at once.
            var ready = cluster._silos.Select(silo => silo.WaitUntilHealthyAsync("/health/ready", StartDeadline, cancellationToken)).ToList();
            if (cluster.Gateway is { } gateway)
            {
                ready.Add(gateway.WaitUntilHealthyAsync("/health/ready", StartDeadline, cancellationToken));
            }
            await Task.WhenAll(ready);
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
        return silo;
    }

    /// <summary>An HTTP client for the gateway's REST API (loopback callers get the anonymous plan).</summary>
    public HttpClient CreateGatewayClient(TimeSpan? timeout = null)
    {
        var gateway = Gateway ?? throw new InvalidOperationException("This cluster was started without a gateway (SiloProcessClusterOptions.StartGateway).");
        return new HttpClient { BaseAddress = gateway.HttpAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
    }

    /// <summary>The silo named <paramref name="name"/> (as <c>shard_placement[].silo</c> reports it).</summary>
    public AppProcess Silo(string name) => _silos.SingleOrDefault(silo => silo.Name == name)
        ?? throw new ArgumentException($"No silo named '{name}'; the cluster has {string.Join(", ", _silos.Select(silo => silo.Name))}.", nameof(name));

    /// <summary>The tails of every process's log, for a failure message.</summary>
    public string LogTails() => string.Join("\n\n", _silos.Append(Gateway).OfType<AppProcess>().Select(process => process.LogTail()));

    public async ValueTask DisposeAsync()
    {
        // Processes first: silos that lose their database mid-run only add noise to the logs.
        foreach (var process in _silos.Append(Gateway).OfType<AppProcess>())
        {
            process.Dispose();
        }
        await Postgres.DisposeAsync();
    }

    private void StartGateway()
    {
        var http = LoopbackUri(FreePorts.Next());
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
        Gateway = AppProcess.Start("gateway", BuiltApp.GatewayDll, http, settings, LogDirectory);
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
