using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>Issue 11, defect 3: a document without a fields object, or with properties beside id, is refused by name instead of stored empty.</summary>
public sealed class DocumentShapeTests(RestApiFixture fixture) : IClassFixture<RestApiFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Misshapen_documents_are_refused_one_by_one()
    {
        const string body = """
            {"documents": [
              {"id": "no-fields"},
              {"id": "beside-id", "title": "Beside", "genre": "scifi"},
              {"id": "typo", "fields": {"title": "Typo"}, "if_verison": 0},
              {"id": "well-formed", "fields": {"title": "Well formed"}}
            ]}
            """;
        var response = await Client.PostAsync(new Uri("/v1/indexes/books/documents", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();

        var results = (await response.ReadJsonAsync()).GetProperty("results").EnumerateArray().ToList();
        Assert.All(results[..3], result =>
        {
            Assert.False(result.GetProperty("ok").GetBoolean());
            Assert.Equal("invalid_document", result.GetProperty("error").GetString());
        });
        Assert.Contains("no fields object", results[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("'title', 'genre'", results[1].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("'if_verison'", results[2].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(results[3].GetProperty("ok").GetBoolean());
        foreach (string id in (string[])["no-fields", "beside-id", "typo"])
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(new Uri($"/v1/indexes/books/documents/{id}", UriKind.Relative))).StatusCode);
        }
    }
}
