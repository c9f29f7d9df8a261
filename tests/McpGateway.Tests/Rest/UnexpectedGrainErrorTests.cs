using System.Net;
using OrleansSearch.Grains.Storage;
using OrleansSearch.Grains.Storage.Sql;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// An exception a grain did not mean to throw is our fault: a 500 internal_error, whatever its type — in particular
/// never the 400 an ArgumentException used to be mapped to — and the gateway keeps serving.
/// </summary>
public sealed class UnexpectedGrainErrorTests
{
    [Fact]
    public async Task An_unexpected_exception_inside_a_grain_is_a_500_not_a_client_error()
    {
        using var file = new SqliteTestFile();
        using var factory = new GatewayFactory(configureServices: services =>
            services.AddSingleton<IDocumentStore>(new FailingWrites(new SqlDocumentStore(SqlDialect.Sqlite(file.ConnectionString)), failingIndex: "broken")));
        var client = await factory.StartAsync();
        foreach (string name in (string[])["broken", "healthy"])
        {
            (await client.PostJsonAsync("/v1/indexes", new { name, shards = 1, fields = new[] { new { name = "body", type = "text" } } })).EnsureSuccessStatusCode();
        }

        var failed = await client.PostJsonAsync("/v1/indexes/broken/documents", new { documents = new[] { new { id = "a", fields = new { body = "text" } } } });

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        var error = (await failed.ReadJsonAsync()).GetProperty("error");
        Assert.Equal("internal_error", error.GetProperty("code").GetString());
        Assert.DoesNotContain("disk", error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(failed.Headers.GetValues("X-Request-Id").Single(), error.GetProperty("request_id").GetString());
        var written = await client.PostJsonAsync("/v1/indexes/healthy/documents", new { documents = new[] { new { id = "a", fields = new { body = "text" } } } });
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
    }

    /// <summary>The real SQLite store, except that writes to one index throw an exception no grain expects.</summary>
    private sealed class FailingWrites(SqlDocumentStore inner, string failingIndex) : DelegatingDocumentStore(inner)
    {
        public override Task WriteAsync(string index, int shard, IReadOnlyList<DocumentChange> changes, CancellationToken cancellationToken)
            => index == failingIndex
                ? throw new ArgumentException("disk sector 7 unreadable", nameof(changes))
                : base.WriteAsync(index, shard, changes, cancellationToken);
    }
}
