namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>Issue 11, defect 7: index descriptions show only the properties that mean something for each field type.</summary>
public sealed class IndexDescriptionTests(RestApiFixture fixture) : IClassFixture<RestApiFixture>
{
    [Fact]
    public async Task Fields_show_only_the_properties_of_their_type()
    {
        var described = await (await fixture.Client.GetAsync(new Uri("/v1/indexes/books", UriKind.Relative))).ReadJsonAsync();
        var fields = described.GetProperty("fields").EnumerateArray().ToDictionary(field => field.GetProperty("name").GetString()!);

        string[] Properties(string field) => [.. fields[field].EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal)];

        Assert.Equal(["analyzer", "boost", "name", "stored", "type"], Properties("title"));
        Assert.Equal(["name", "stored", "type"], Properties("genre"));
        Assert.Equal(["name", "stored", "type"], Properties("year"));
        Assert.Equal(["name", "stored", "type"], Properties("published"));
        Assert.Equal(["dimension", "metric", "name", "stored", "type"], Properties("embedding"));
        Assert.Equal(3, fields["embedding"].GetProperty("dimension").GetInt32());

        var listed = await (await fixture.Client.GetAsync(new Uri("/v1/indexes", UriKind.Relative))).ReadJsonAsync();
        var genre = listed.EnumerateArray().Single(index => index.GetProperty("name").GetString() == "books").GetProperty("fields").EnumerateArray()
            .Single(field => field.GetProperty("name").GetString() == "genre");
        Assert.False(genre.TryGetProperty("analyzer", out _));
    }
}
