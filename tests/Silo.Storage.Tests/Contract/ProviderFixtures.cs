using OrleansSearch.Grains;
namespace OrleansSearch.Silo.Storage.Tests.Contract;

/// <summary>Our SQLite provider as <see cref="StorageNames.Catalog"/>, on a temp file.</summary>
public sealed class SqliteStorageFixture : StorageHostFixture
{
    private readonly SqliteTestFile _file = new();

    public override string ProviderName => StorageNames.Catalog;

    protected override StorageOptions StorageOptions => new() { Provider = StorageOptions.Sqlite, ConnectionString = _file.ConnectionString };

    protected override Task StartStoreAsync() => Task.CompletedTask;

    protected override Task StopStoreAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Orleans' ADO.NET provider as <see cref="StorageNames.Catalog"/> on a fresh PostgreSQL database,
/// with our schema applied by the silo itself at start (the path production takes).
/// </summary>
public sealed class PostgresStorageFixture : StorageHostFixture
{
    private PostgresServer? _server;
    private string? _connectionString;

    public override string ProviderName => StorageNames.Catalog;

    protected override StorageOptions StorageOptions => new()
    {
        Provider = StorageOptions.Postgres,
        ConnectionString = _connectionString ?? throw new InvalidOperationException("PostgreSQL has not started."),
    };

    protected override async Task StartStoreAsync()
    {
        _server = await PostgresServer.StartAsync();
        _connectionString = await _server.CreateDatabaseAsync(PostgresServer.UniqueName("grainstate"));
    }

    protected override async Task StopStoreAsync()
    {
        if (_server is not null)
        {
            // Pooled connections would otherwise try to reach a stopped server later.
            Npgsql.NpgsqlConnection.ClearAllPools();
            await _server.DisposeAsync();
        }
    }
}

/// <summary>Orleans' Redis provider as <see cref="StorageNames.Volatile"/> on a throwaway redis-server (catalog on a temp SQLite file).</summary>
public sealed class RedisStorageFixture : StorageHostFixture
{
    private readonly SqliteTestFile _catalogFile = new();
    private RedisServer? _server;

    public override string ProviderName => StorageNames.Volatile;

    protected override StorageOptions StorageOptions => new()
    {
        ConnectionString = _catalogFile.ConnectionString,
        CacheProvider = StorageOptions.Redis,
        RedisConnectionString = _server?.ConnectionString ?? throw new InvalidOperationException("Redis has not started."),
    };

    protected override async Task StartStoreAsync() => _server = await RedisServer.StartAsync();

    protected override async Task StopStoreAsync()
    {
        try
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
        finally
        {
            _catalogFile.Dispose();
        }
    }
}

/// <summary>Orleans' memory provider as <see cref="StorageNames.Volatile"/> (catalog on a temp SQLite file).</summary>
public sealed class MemoryStorageFixture : StorageHostFixture
{
    private readonly SqliteTestFile _catalogFile = new();

    public override string ProviderName => StorageNames.Volatile;

    public override bool SurvivesRestart => false;

    protected override StorageOptions StorageOptions => new() { ConnectionString = _catalogFile.ConnectionString };

    protected override Task StartStoreAsync() => Task.CompletedTask;

    protected override Task StopStoreAsync()
    {
        _catalogFile.Dispose();
        return Task.CompletedTask;
    }
}
