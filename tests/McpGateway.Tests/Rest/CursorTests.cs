using System.Net;
using System.Net.Http.Json;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>Issue 11, defect 2: a cursor the gateway cannot decode, or one from another search, is a 400 before any shard is called.</summary>
public sealed class CursorTests(RestApiFixture fixture) : IClassFixture<RestApiFixture>
{
    private HttpClient Client => fixture.Client;

    /// <summary>Version 1, then a string length of -1 (7-bit encoded): BinaryReader throws IOException on it.</summary>
    private static readonly string NegativeLength = Convert.ToBase64String([1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_crafted_cursor_is_refused_before_the_fan_out(bool allowPartial)
    {
        var response = await Client.PostJsonAsync("/v1/indexes/books/search", new { query = "planet", top_k = 1, cursor = NegativeLength, allow_partial = allowPartial });

        await AssertInvalidArgumentAsync(response);
    }

    [Fact]
    public async Task A_crafted_page_cursor_behind_the_right_binding_is_refused_too()
    {
        string next = await NextCursorAsync(new { query = "planet", top_k = 1 });
        string binding = next[..next.IndexOf('.', StringComparison.Ordinal)];

        await AssertInvalidArgumentAsync(await Client.PostJsonAsync("/v1/indexes/books/search", new { query = "planet", top_k = 1, cursor = binding + "." + NegativeLength }));
        await AssertInvalidArgumentAsync(await Client.PostJsonAsync("/v1/indexes/books/search", new { query = "planet", top_k = 1, cursor = binding + ".not base64!" }));
    }

    [Fact]
    public async Task A_cursor_from_another_query_is_refused()
    {
        string next = await NextCursorAsync(new { query = "planet", top_k = 1 });

        var response = await Client.PostJsonAsync("/v1/indexes/books/search", new { query = "love", top_k = 1, cursor = next });

        var error = await AssertInvalidArgumentAsync(response);
        Assert.Contains("another search", error, StringComparison.Ordinal);
        // The same query, spaced differently, is the same search.
        Assert.Equal(HttpStatusCode.OK, (await Client.PostJsonAsync("/v1/indexes/books/search", new { query = "  planet ", top_k = 1, cursor = next })).StatusCode);
    }

    [Fact]
    public async Task A_hybrid_cursor_is_bound_to_its_query_too()
    {
        string next = await NextCursorAsync(new { query = "planet", top_k = 1, mode = "hybrid", vector = new[] { 1f, 0f, 0f } });

        await AssertInvalidArgumentAsync(await Client.PostJsonAsync("/v1/indexes/books/search", new { query = "love", top_k = 1, mode = "hybrid", vector = new[] { 1f, 0f, 0f }, cursor = next }));
        Assert.Equal(HttpStatusCode.OK, (await Client.PostJsonAsync("/v1/indexes/books/search", new { query = "planet", top_k = 1, mode = "hybrid", vector = new[] { 1f, 0f, 0f }, cursor = next })).StatusCode);
    }

    private async Task<string> NextCursorAsync(object search)
    {
        var response = await Client.PostJsonAsync("/v1/indexes/books/search", search);
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync()).GetProperty("next_cursor").GetString()!;
    }

    private static async Task<string> AssertInvalidArgumentAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        var error = (await response.ReadJsonAsync()).GetProperty("error");
        Assert.Equal("invalid_argument", error.GetProperty("code").GetString());
        string message = error.GetProperty("message").GetString()!;
        Assert.DoesNotContain("SearchAfter", message, StringComparison.Ordinal);
        return message;
    }
}
