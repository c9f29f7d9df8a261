using OrleansSearch.Search.Analysis;
using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Schema;
using OrleansSearch.Search.Snippets;

namespace OrleansSearch.Search.Tests.Snippets;

public sealed class SnippetTests
{
    private const string Long =
        "Background text about nothing in particular fills the opening of this abstract. " +
        "Later the study reports that running improves vascular health in older adults, " +
        "and that runners showed lower blood pressure. The closing sentence talks about funding and ethics approval.";

    private static ShardIndex Shard()
    {
        var schema = new IndexSchema(
        [
            FieldDefinition.Text("title", Analyzers.English),
            FieldDefinition.Text("body", Analyzers.English),
            FieldDefinition.Text("hidden", Analyzers.English, stored: false),
        ]);
        var shard = new ShardIndex(schema);
        shard.Add(new SearchDocument("1").Text("title", "Exercise and the heart").Text("body", Long).Text("hidden", "running"));
        return shard;
    }

    private static SearchHit Search(string query, HighlightOptions options) =>
        Shard().Search(new SearchRequest { Query = query, Highlight = options }).Hits.Single();

    [Fact]
    public void Marks_every_analyzed_match_in_the_best_window_with_the_configured_tags()
    {
        var hit = Search("run blood pressure", new HighlightOptions { Fields = ["body"], MaxLength = 120, PreTag = "[", PostTag = "]" });
        var snippet = hit.Snippets!["body"];
        Assert.Contains("[running]", snippet);
        Assert.Contains("[blood] [pressure]", snippet);
        Assert.StartsWith("…", snippet);
        Assert.EndsWith("…", snippet);
        var plain = snippet.Replace("[", string.Empty).Replace("]", string.Empty).Trim('…');
        Assert.True(plain.Length <= 120, $"{plain.Length} characters: {plain}");
        Assert.Contains(plain, Long);
    }

    [Fact]
    public void Only_fields_with_a_matching_term_get_a_snippet_and_excluded_terms_are_not_marked()
    {
        var hit = Search("heart -bicycle", new HighlightOptions());
        Assert.Equal("Exercise and the <em>heart</em>", hit.Snippets!["title"]);
        Assert.False(hit.Snippets.ContainsKey("body"));
        var withBody = Search("health -title:funding", new HighlightOptions());
        Assert.DoesNotContain("<em>funding</em>", withBody.Snippets!["body"]);
    }

    [Fact]
    public void Short_texts_come_back_whole_and_bad_options_are_named()
    {
        Assert.Equal("<em>Exercise</em> and the heart", Search("exercises", new HighlightOptions { Fields = ["title"] }).Snippets!["title"]);
        Assert.Contains("is not stored", Assert.Throws<ArgumentException>(() => Search("running", new HighlightOptions { Fields = ["hidden"] })).Message);
        Assert.Contains("HighlightOptions.MaxLength is 5", Assert.Throws<ArgumentOutOfRangeException>(() => Search("running", new HighlightOptions { MaxLength = 5 })).Message);
    }
}
