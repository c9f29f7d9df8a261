using System.Net;
using System.Text;
using System.Text.Json;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// Issue 11, defect 5: hits at detail=metadata carry the fields the schema says identify and summarise a document
/// (role title / summary), so an agent can judge a hit without fetching it. Also the rank_feature setting of number
/// fields, as clients give and see it.
/// </summary>
public sealed class FieldRoleTests(RestApiFixture fixture) : IClassFixture<RestApiFixture>
{
    private const string Index = "apps";

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Metadata_hits_show_the_title_and_summary_fields_but_no_long_text()
    {
        await CreateIndexAsync();

        var body = await SearchAsync(new { query = "editor", detail = "metadata" });

        var fields = body.GetProperty("hits")[0].GetProperty("fields");
        Assert.Equal(["blurb", "kind", "name", "stars"], fields.EnumerateObject().Select(p => p.Name).Order());
        Assert.DoesNotContain("body", fields.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Describe_index_shows_roles_and_rank_features()
    {
        await CreateIndexAsync();

        var described = await (await Client.GetAsync($"/v1/indexes/{Index}")).ReadJsonAsync();

        var fields = described.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal("title", fields["name"].GetProperty("role").GetString());
        Assert.Equal("summary", fields["blurb"].GetProperty("role").GetString());
        Assert.False(fields["body"].TryGetProperty("role", out _));
        Assert.Equal(10, fields["stars"].GetProperty("rank_feature").GetProperty("pivot").GetDouble());
        Assert.Equal(2, fields["stars"].GetProperty("rank_feature").GetProperty("weight").GetDouble());
    }

    [Fact]
    public async Task A_rank_feature_orders_equal_text_matches_by_value_with_a_saturating_boost()
    {
        await CreateIndexAsync();

        var hits = (await SearchAsync(new { query = "terminal", detail = "ids" })).GetProperty("hits").EnumerateArray()
            .Select(h => (Id: h.GetProperty("id").GetString()!, Score: h.GetProperty("score").GetDouble())).ToList();

        Assert.Equal(["popular", "obscure"], hits.Select(h => h.Id));
        // Same text, so the difference is the boosts': 2 · 30 / (30 + 10) − 2 · 1 / (1 + 10).
        Assert.Equal((2 * 30.0 / 40) - (2 * 1.0 / 11), hits[0].Score - hits[1].Score, 1e-9);
    }

    [Theory]
    [InlineData("""{"name":"t","type":"text","role":"headline"}""", "use title or summary")]
    [InlineData("""{"name":"t","type":"text","role":"title"},{"name":"u","type":"keyword","role":"title"}""", "at most one title field")]
    [InlineData("""{"name":"t","type":"text"},{"name":"n","type":"number","role":"summary"}""", "stored text or keyword")]
    [InlineData("""{"name":"t","type":"text","stored":false,"role":"title"}""", "non-stored text field")]
    [InlineData("""{"name":"t","type":"text","rank_feature":{"weight":1,"pivot":1}}""", "only number fields can be rank features")]
    [InlineData("""{"name":"t","type":"text"},{"name":"n","type":"number","rank_feature":{"weight":1,"pivot":0}}""", "rank_feature.pivot 0")]
    [InlineData("""{"name":"t","type":"text"},{"name":"n","type":"number","rank_feature":{"weight":-1,"pivot":5}}""", "rank_feature.weight -1")]
    public async Task Bad_roles_and_rank_features_are_refused_and_no_index_is_created(string fields, string message)
    {
        var response = await Client.PostAsync("/v1/indexes", new StringContent($$"""{"name":"bad-roles","fields":[{{fields}}]}""", Encoding.UTF8, "application/json"));

        var body = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/v1/indexes/bad-roles")).StatusCode);
    }

    [Fact]
    public async Task A_negative_rank_feature_value_fails_that_document()
    {
        await CreateIndexAsync();

        var written = await (await Client.PostJsonAsync($"/v1/indexes/{Index}/documents", new
        {
            documents = new object[] { new { id = "negative", fields = new { name = "neg", blurb = "x", stars = -3 } } },
        })).ReadJsonAsync();

        Assert.Equal(1, written.GetProperty("failed").GetInt32());
        Assert.Contains("rank feature", written.ToString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> SearchAsync(object request)
    {
        var response = await Client.PostJsonAsync($"/v1/indexes/{Index}/search", request);
        var body = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    private async Task CreateIndexAsync()
    {
        var created = await Client.PostJsonAsync("/v1/indexes", new
        {
            name = Index,
            shards = 2,
            fields = new object[]
            {
                new { name = "name", type = "text", boost = 3, role = "title" },
                new { name = "blurb", type = "text", role = "summary" },
                new { name = "body", type = "text" },
                new { name = "kind", type = "keyword" },
                new { name = "stars", type = "number", rank_feature = new { weight = 2, pivot = 10 } },
            },
        });
        if (created.StatusCode == HttpStatusCode.Conflict)
        {
            return;
        }
        created.EnsureSuccessStatusCode();
        var written = await (await Client.PostJsonAsync($"/v1/indexes/{Index}/documents", new
        {
            documents = new object[]
            {
                new { id = "vim", fields = new { name = "vim", blurb = "Vi IMproved, a text editor", body = "A long description of a modal editor for programmers.", kind = "app", stars = 50 } },
                new { id = "popular", fields = new { name = "term-a", blurb = "a terminal emulator", body = "same words", kind = "app", stars = 30 } },
                new { id = "obscure", fields = new { name = "term-b", blurb = "a terminal emulator", body = "same words", kind = "app", stars = 1 } },
            },
        })).ReadJsonAsync();
        Assert.True(written.GetProperty("failed").GetInt32() == 0, written.ToString());
    }
}
