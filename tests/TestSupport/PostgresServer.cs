using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace OrleansSearch.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server from the Debian binaries (/usr/lib/postgresql/*/bin): its own data
/// directory in a temp folder, a free loopback port, no durability (fsync off), trust auth for
/// superuser <c>postgres</c>. Dispose stops it and deletes the folder. As root the server runs as
/// the <c>postgres</c> OS user, because initdb and postgres refuse to run as root.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable, IDisposable
{
    private const string Superuser = "postgres";
    private const string DefaultDatabase = "tests";
    private const int StartAttempts = 3;

    private readonly string _binDirectory;
    private readonly int _majorVersion;
    private readonly DirectoryInfo _root;
    private readonly bool _runAsPostgresUser;
    private int _disposed;

    private PostgresServer(string binDirectory, int majorVersion, DirectoryInfo root, bool runAsPostgresUser, int port)
    {
        _binDirectory = binDirectory;
        _majorVersion = majorVersion;
        _root = root;
        _runAsPostgresUser = runAsPostgresUser;
        Port = port;
        ConnectionString = ConnectionStringFor(DefaultDatabase);
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Connection string of the database <c>tests</c>, created at start.</summary>
    public string ConnectionString { get; }

    private string DataDirectory => Path.Combine(_root.FullName, "data");

    private string LogFile => Path.Combine(_root.FullName, "server.log");

    /// <summary>Initializes a cluster in a new temp folder and starts it; throws with the server log if it cannot.</summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        (string binDirectory, int majorVersion) = FindBinDirectory();
        bool runAsPostgresUser = Environment.UserName == "root";
        DirectoryInfo root = Directory.CreateTempSubdirectory("orleanssearch-pg-");
        try
        {
            if (runAsPostgresUser)
            {
                await RunAsync("chown", ["-R", $"{Superuser}:{Superuser}", root.FullName], cancellationToken);
            }
            await RunToolAsync(binDirectory, runAsPostgresUser, "initdb",
                ["-D", Path.Combine(root.FullName, "data"), "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], cancellationToken);
            for (int attempt = 1; ; attempt++)
            {
                // The port is free when probed but may be taken before the server binds it: retry on another.
                var server = new PostgresServer(binDirectory, majorVersion, root, runAsPostgresUser, FreeLoopbackPort());
                try
                {
                    await server.StartServerAsync(cancellationToken);
                }
                catch (InvalidOperationException) when (attempt < StartAttempts)
                {
                    continue;
                }
                try
                {
                    await server.CreateDatabaseOnServerAsync(DefaultDatabase, cancellationToken);
                }
                catch
                {
                    server.Dispose();
                    throw;
                }
                return server;
            }
        }
        catch when (Directory.Exists(root.FullName))
        {
            root.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Creates an empty database <paramref name="name"/> (lowercase letters, digits, underscores) and
    /// returns its connection string: a caller that needs a store of its own, e.g. to test schema creation.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await CreateDatabaseOnServerAsync(name, cancellationToken);
        return ConnectionStringFor(name);
    }

    /// <summary>
    /// Creates an empty schema <paramref name="name"/> (same naming rule as databases) in the database
    /// <c>tests</c> and returns a connection string whose search path is that schema alone: tables the
    /// caller creates land there. A store of its own in about 10 ms, where a database takes 100 ms or more.
    /// </summary>
    public async Task<string> CreateSchemaAsync(string name, CancellationToken cancellationToken = default)
    {
        CheckIdentifier(name);
        await ExecuteUnpooledAsync(DefaultDatabase, $"CREATE SCHEMA {name}", cancellationToken);
        return new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = name }.ConnectionString;
    }

    /// <summary>
    /// Stops the server as an operator's restart does (fast shutdown: every session is ended, open transactions roll
    /// back), keeping its data; <see cref="StartAgainAsync"/> brings it back. Clients' pooled connections die.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        RunToolAsync("pg_ctl", ["-D", DataDirectory, "stop", "-m", "fast", "-w"], cancellationToken);

    /// <summary>Starts a server stopped by <see cref="StopAsync"/> again, on the same data directory and port.</summary>
    public Task StartAgainAsync(CancellationToken cancellationToken = default) => StartServerAsync(cancellationToken);

    /// <summary>A database or schema name unused so far, for <see cref="CreateDatabaseAsync"/> and <see cref="CreateSchemaAsync"/>.</summary>
    public static string UniqueName(string prefix = "db") => $"{prefix}_{Guid.NewGuid():N}";

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            // A test may leave it stopped (StopAsync); pg_ctl would fail on a server that is not running.
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                RunToolAsync("pg_ctl", ["-D", DataDirectory, "stop", "-m", "immediate", "-w"], CancellationToken.None).GetAwaiter().GetResult();
            }
        }
        finally
        {
            _root.Delete(recursive: true);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Database = database,
        IncludeErrorDetail = true,
    }.ConnectionString;

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        string options = string.Join(' ',
            $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
            "-c listen_addresses=127.0.0.1",
            $"-c unix_socket_directories={_root.FullName}",
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off",
            "-c max_connections=200");
        try
        {
            await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-o", options, "-w", "-t", "60", "start"], cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            // pg_ctl gives up waiting after its timeout but leaves a slow server running: stop it, so
            // a retry on another port does not find the data directory locked.
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await RunToolAsync("pg_ctl", ["-D", DataDirectory, "stop", "-m", "immediate", "-w"], CancellationToken.None);
            }
            string log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile, cancellationToken) : "(no log)";
            throw new InvalidOperationException($"{e.Message}\nServer log:\n{log}", e);
        }
    }

    private async Task CreateDatabaseOnServerAsync(string name, CancellationToken cancellationToken)
    {
        CheckIdentifier(name);
        // Since PostgreSQL 15 the default strategy copies the template through the WAL, several
        // times slower than copying its files when fsync is off, as here.
        string strategy = _majorVersion >= 15 ? " STRATEGY FILE_COPY" : "";
        await ExecuteUnpooledAsync("postgres", $"CREATE DATABASE {name}{strategy}", cancellationToken);
    }

    /// <summary>Names go into SQL text (an identifier cannot be a parameter), so only plain identifiers pass.</summary>
    private static void CheckIdentifier(string name)
    {
        if (!Identifier().IsMatch(name))
        {
            throw new ArgumentException($"Name '{name}' must be 1 to 63 lowercase letters, digits or underscores, starting with a letter.", nameof(name));
        }
    }

    private async Task ExecuteUnpooledAsync(string database, string sql, CancellationToken cancellationToken)
    {
        // Unpooled: an idle pooled connection would outlive the server.
        var builder = new NpgsqlConnectionStringBuilder(ConnectionStringFor(database)) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task RunToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunToolAsync(_binDirectory, _runAsPostgresUser, tool, arguments, cancellationToken);

    private static Task RunToolAsync(string binDirectory, bool runAsPostgresUser, string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        string path = Path.Combine(binDirectory, tool);
        return runAsPostgresUser
            ? RunAsync("runuser", ["-u", Superuser, "--", path, .. arguments], cancellationToken)
            : RunAsync(path, arguments, cancellationToken);
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // initdb and pg_ctl resolve paths against it; the test runner's may be unreadable to user postgres.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        using Process process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode.ToString(CultureInfo.InvariantCulture)}:\n{await output}\n{await error}");
        }
    }

    private static (string BinDirectory, int MajorVersion) FindBinDirectory()
    {
        const string installRoot = "/usr/lib/postgresql";
        string? best = null;
        int bestVersion = -1;
        if (Directory.Exists(installRoot))
        {
            foreach (string versionDirectory in Directory.GetDirectories(installRoot))
            {
                string bin = Path.Combine(versionDirectory, "bin");
                if (int.TryParse(Path.GetFileName(versionDirectory), NumberStyles.None, CultureInfo.InvariantCulture, out int version)
                    && version > bestVersion
                    && File.Exists(Path.Combine(bin, "initdb"))
                    && File.Exists(Path.Combine(bin, "pg_ctl")))
                {
                    best = bin;
                    bestVersion = version;
                }
            }
        }
        return best is not null ? (best, bestVersion) : throw new InvalidOperationException(
            $"PostgreSQL server binaries (initdb, pg_ctl) were not found under {installRoot}/*/bin. Install them with: apt-get install postgresql (scripts/test.sh does this when run as root).");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex Identifier();
}
