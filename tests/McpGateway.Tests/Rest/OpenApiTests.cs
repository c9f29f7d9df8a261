using System.Text.Json;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>Issue 11, defects 8 and 10: the OpenAPI document explains the search arguments and answers, lists the closed value sets and the error answers.</summary>
public sealed class OpenApiTests(RestApiFixture fixture) : IClassFixture<RestApiFixture>
{
    [Fact]
    public async Task The_search_operation_is_described_with_enums_and_error_answers()
    {
        var document = await (await fixture.Client.GetAsync(new Uri("/v1/openapi.json", UriKind.Relative))).ReadJsonAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");

        var input = schemas.GetProperty("SearchInput").GetProperty("properties");
        Assert.Equal(["ids", "metadata", "preview", "full"], Values(input.GetProperty("detail").GetProperty("enum")));
        Assert.Equal(["keyword", "semantic", "hybrid"], Values(input.GetProperty("mode").GetProperty("enum")));
        Assert.Equal(["rrf", "weighted"], Values(input.GetProperty("fusion").GetProperty("enum")));
        Assert.Contains("gte", input.GetProperty("filters").GetProperty("description").GetString(), StringComparison.Ordinal);
        // filters is typed: per field a keyword value, a list of them, or a range object with only gt, gte, lt, lte.
        var filterValue = input.GetProperty("filters").GetProperty("additionalProperties").GetProperty("oneOf");
        Assert.Equal(["string", "array", "object"], filterValue.EnumerateArray().Select(option => option.GetProperty("type").GetString()!));
        var range = filterValue[2];
        Assert.Equal(["gt", "gte", "lt", "lte"], range.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.False(range.GetProperty("additionalProperties").GetBoolean());

        var output = schemas.GetProperty("SearchOutput").GetProperty("properties");
        Assert.Contains("lower bound", output.GetProperty("total_is_exact").GetProperty("description").GetString(), StringComparison.Ordinal);

        var responses = document.GetProperty("paths").GetProperty("/v1/indexes/{index}/search").GetProperty("post").GetProperty("responses");
        foreach (string status in (string[])["400", "404", "429", "503", "504"])
        {
            Assert.True(responses.TryGetProperty(status, out _), $"no {status} answer documented");
        }
    }

    private static string[] Values(JsonElement array) => [.. array.EnumerateArray().Select(value => value.GetString()!)];
}
