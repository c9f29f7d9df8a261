using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>Issue 11, defect 6: a keyword field has one shape everywhere: one value is a string, several an array.</summary>
public sealed class FieldShapeTests(RestApiFixture fixture) : IClassFixture<RestApiFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Keyword_values_read_the_same_from_search_and_get_document()
    {
        (await Client.PostJsonAsync("/v1/indexes/books/documents", new
        {
            documents = new object[]
            {
                new { id = "shape-one", fields = new { title = "Shapeshifter one", genre = "fantasy" } },
                new { id = "shape-lone-array", fields = new { title = "Shapeshifter lone", genre = new[] { "fantasy" } } },
                new { id = "shape-two", fields = new { title = "Shapeshifter two", genre = new[] { "fantasy", "horror" } } },
            },
        })).EnsureSuccessStatusCode();

        var hits = (await (await Client.PostJsonAsync("/v1/indexes/books/search", new { query = "shapeshifter", top_k = 10, detail = "full" })).ReadJsonAsync())
            .GetProperty("hits").EnumerateArray().ToDictionary(hit => hit.GetProperty("id").GetString()!, hit => hit.GetProperty("fields").GetProperty("genre"));
        foreach (string detail in (string[])["metadata", "preview"])
        {
            var shaped = (await (await Client.PostJsonAsync("/v1/indexes/books/search", new { query = "shapeshifter", top_k = 10, detail })).ReadJsonAsync()).GetProperty("hits");
            Assert.All(shaped.EnumerateArray(), hit => Assert.Equal(hits[hit.GetProperty("id").GetString()!].GetRawText(), hit.GetProperty("fields").GetProperty("genre").GetRawText()));
        }

        Assert.Equal("\"fantasy\"", hits["shape-one"].GetRawText());
        Assert.Equal("\"fantasy\"", hits["shape-lone-array"].GetRawText());
        Assert.Equal("[\"fantasy\",\"horror\"]", hits["shape-two"].GetRawText());
        foreach (var (id, genre) in hits)
        {
            var document = await (await Client.GetAsync(new Uri($"/v1/indexes/books/documents/{id}", UriKind.Relative))).ReadJsonAsync();
            Assert.Equal(genre.GetRawText(), document.GetProperty("fields").GetProperty("genre").GetRawText());
        }
    }
}
