using Xunit;

namespace OrleansSearch.Tests.Support;

/// <summary>Starts one <see cref="RedisServer"/> before a class's or collection's first test and kills it after its last.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;

    public RedisServer Server => _server ?? throw new InvalidOperationException("The Redis fixture has not started yet.");

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public Task DisposeAsync() => _server?.DisposeAsync().AsTask() ?? Task.CompletedTask;
}
