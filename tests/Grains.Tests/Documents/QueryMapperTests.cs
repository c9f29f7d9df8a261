using System.Text.Json;
using OrleansSearch.Grains.Documents;
using OrleansSearch.Search.Query;

namespace OrleansSearch.Grains.Tests.Documents;

/// <summary>
/// A shard page carries each hit's stored fields as the JSON a value serializes to on its own: building them from one
/// document per page must not change a value, its type or which hits have fields at all.
/// </summary>
public sealed class QueryMapperTests
{
    [Fact]
    public void Page_fields_are_each_value_serialized_on_its_own()
    {
        var when = new DateTimeOffset(2026, 12, 6, 21, 0, 0, TimeSpan.Zero);
        Dictionary<string, object>[] stored =
        [
            new() { ["section"] = "net", ["maintainer"] = "Debian <team@example.org> & \"friends\"", ["size"] = 1234.5 },
            new() { ["tags"] = new[] { "role::program", "ümlaut" }, ["released"] = when, ["size"] = 0d },
        ];
        var result = new SearchResult(
            [
                new SearchHit("a", 2.0, default, stored[0], null),
                new SearchHit("b", 1.5, default, null, null),
                new SearchHit("c", 1.0, default, stored[1], null),
            ],
            3, TotalHitsRelation.Exact, [], null);

        var page = QueryMapper.ToPage(result, SortSpec.Score);

        Assert.Equal(["a", "b", "c"], page.Hits.Select(hit => hit.Id));
        Assert.Null(page.Hits[1].Fields);
        foreach (var (hit, expected) in new[] { (page.Hits[0], stored[0]), (page.Hits[2], stored[1]) })
        {
            Assert.NotNull(hit.Fields);
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), hit.Fields!.Keys.Order(StringComparer.Ordinal));
            foreach (var (name, value) in expected)
            {
                Assert.Equal(JsonSerializer.SerializeToElement(value).GetRawText(), hit.Fields[name].GetRawText());
            }
        }
    }
}
