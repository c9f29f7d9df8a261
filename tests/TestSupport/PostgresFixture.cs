using Xunit;

namespace OrleansSearch.Tests.Support;

/// <summary>
/// Starts one <see cref="PostgresServer"/> before a collection's first test and stops it after its last.
/// Each test assembly declares its own collection over it (xunit looks for collection definitions in the test assembly).
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL fixture has not started yet.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public Task DisposeAsync() => _server?.DisposeAsync().AsTask() ?? Task.CompletedTask;
}
