namespace OrleansSearch.Runtime.Tests.Infrastructure;

/// <summary>One PostgreSQL server for the whole test assembly: put test classes that need it in this collection.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}

/// <summary>Starts the shared <see cref="PostgresServer"/> before the collection's first test and stops it after its last.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL fixture has not started yet.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public Task DisposeAsync() => _server?.DisposeAsync().AsTask() ?? Task.CompletedTask;
}
