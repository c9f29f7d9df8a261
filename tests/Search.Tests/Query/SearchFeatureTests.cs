using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Schema;
using OrleansSearch.Search.Tests.Support;

namespace OrleansSearch.Search.Tests.Query;

/// <summary>Query semantics, filters, facets, sorting and paging on a shard, checked against brute force where possible.</summary>
public sealed class SearchFeatureTests
{
    private const int Seed = 99;
    private static readonly List<SearchDocument> Corpus = RandomCorpus.Documents(Seed, 800);
    private static readonly ShardIndex Shard = RandomCorpus.Index(Corpus);

    private static ShardIndex Small() => RandomCorpus.Index(
    [
        new SearchDocument("a").Text("title", "red apple").Text("body", "the quick brown fox jumps").Keyword("tag", "fruit", "red").Number("rank", 3),
        new SearchDocument("b").Text("title", "green apple").Text("body", "brown quick fox").Keyword("tag", "fruit").Number("rank", 1),
        new SearchDocument("c").Text("title", "red car").Text("body", "a quick brown dog").Keyword("tag", "car", "red"),
        new SearchDocument("d").Text("title", "blue sky").Text("body", "nothing else").Number("rank", 2),
    ]);

    private static List<string> Ids(SearchResult result) => result.Hits.Select(h => h.Id).ToList();

    [Fact]
    public void Required_excluded_phrase_and_keyword_clauses_match_as_specified()
    {
        var shard = Small();
        Assert.Equal(["a", "b", "c"], Ids(shard.Search(new SearchRequest { Query = "quick" })).Order());
        Assert.Equal(["a", "c"], Ids(shard.Search(new SearchRequest { Query = "+red +quick" })).Order());
        Assert.Equal(["a", "b"], Ids(shard.Search(new SearchRequest { Query = "quick -car" })).Order());
        Assert.Equal(["a", "c"], Ids(shard.Search(new SearchRequest { Query = "\"quick brown\"" })).Order());
        Assert.Equal(["b"], Ids(shard.Search(new SearchRequest { Query = "\"brown quick\"" })));
        Assert.Equal(["a", "b"], Ids(shard.Search(new SearchRequest { Query = "tag:fruit" })).Order());
        Assert.Equal(["a"], Ids(shard.Search(new SearchRequest { Query = "apple red", DefaultOperator = DefaultOperator.And })));
        Assert.Equal(["a"], Ids(shard.Search(new SearchRequest { Query = "apple: red?", Syntax = QuerySyntax.Plain, DefaultOperator = DefaultOperator.And })));
        Assert.Equal(["c"], Ids(shard.Search(new SearchRequest { Query = "title:red -body:fox" })));
        Assert.Empty(shard.Search(new SearchRequest { Query = "zebra" }).Hits);
    }

    [Fact]
    public void A_query_analyzed_to_nothing_matches_nothing_without_error()
    {
        var analyzer = new LetterDigitAnalyzer("the", "of");
        var shard = new ShardIndex(new IndexSchema([FieldDefinition.Text("body", analyzer)]));
        shard.Add(new SearchDocument("x").Text("body", "the end of it"));
        var result = shard.Search(new SearchRequest { Query = "the \"of the\" ..." });
        Assert.Empty(result.Hits);
        Assert.Equal(0, result.TotalHits);
        Assert.Null(result.NextCursor);
    }

    [Fact]
    public void Phrases_respect_stopword_gaps()
    {
        var analyzer = new LetterDigitAnalyzer("the", "of");
        var schema = new IndexSchema([FieldDefinition.Text("body", analyzer)]);
        var shard = new ShardIndex(schema);
        shard.Add(new SearchDocument("gap").Text("body", "bank of england"));
        shard.Add(new SearchDocument("adjacent").Text("body", "bank england"));
        Assert.Equal(["gap"], Ids(shard.Search(new SearchRequest { Query = "\"bank the england\"" })));
        Assert.Equal(["adjacent"], Ids(shard.Search(new SearchRequest { Query = "\"bank england\"" })));
    }

    [Fact]
    public void Filters_do_not_change_scores_and_select_exactly()
    {
        var shard = Small();
        var all = shard.Search(new SearchRequest { Query = "quick apple" });
        var filtered = shard.Search(new SearchRequest { Query = "quick apple", Filters = [new KeywordFilter("tag", ["car", "fruit"]), new RangeFilter("rank", 1, 3, IncludeLower: false)] });
        Assert.Equal(["a"], Ids(filtered));
        Assert.Equal(all.Hits.Single(h => h.Id == "a").Score, filtered.Hits[0].Score);
        Assert.Equal(["a", "b"], Ids(shard.Search(new SearchRequest { Query = "quick", Filters = [new RangeFilter("rank", null, 3, IncludeUpper: true)] })).Order());
        Assert.Equal(["b"], Ids(shard.Search(new SearchRequest { Query = "quick", Filters = [new RangeFilter("rank", null, 3, IncludeUpper: false)] })));
        Assert.Contains("needs a Keyword field", Assert.Throws<ArgumentException>(() => shard.Search(new SearchRequest { Query = "x", Filters = [new KeywordFilter("rank", "1")] })).Message);
        Assert.Contains("needs a Number or Date field", Assert.Throws<ArgumentException>(() => shard.Search(new SearchRequest { Query = "x", Filters = [new RangeFilter("tag", 1, 2)] })).Message);
    }

    [Fact]
    public void Filters_and_date_ranges_agree_with_brute_force()
    {
        var from = new DateTimeOffset(2020, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2021, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var request = new SearchRequest
        {
            Query = "w1 w2 w3 w5",
            Limit = 1000,
            Filters = [RangeFilter.Dates("published", from, to, includeTo: false), new KeywordFilter("tag", ["t1", "t2"])],
        };
        var expected = Corpus
            .Where(d => Matches(d, ["w1", "w2", "w3", "w5"]))
            .Where(d => d.Values["published"].Number >= from.ToUnixTimeMilliseconds() && d.Values["published"].Number < to.ToUnixTimeMilliseconds())
            .Where(d => d.Values.TryGetValue("tag", out var tag) && tag.Keywords!.Intersect(["t1", "t2"]).Any())
            .Select(d => d.Id).Order(StringComparer.Ordinal);
        var result = Shard.Search(request);
        Assert.Equal(expected, Ids(result).Order(StringComparer.Ordinal));
        Assert.Equal(result.Hits.Count, result.TotalHits);
    }

    [Fact]
    public void Facets_count_every_match_not_only_the_top_hits()
    {
        var request = new SearchRequest { Query = "w1 w4", Limit = 3, Facets = [new FacetRequest("tag", 4)] };
        var result = Shard.Search(request);
        var matching = Corpus.Where(d => Matches(d, ["w1", "w4"])).ToList();
        var expected = matching
            .SelectMany(d => d.Values.TryGetValue("tag", out var tag) ? tag.Keywords!.Distinct() : [])
            .GroupBy(v => v)
            .Select(g => new FacetValue(g.Key, g.Count()))
            .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal)
            .Take(4);
        Assert.Equal(expected, result.Facets.Single().Values);
        Assert.Equal(matching.Count, result.TotalHits);
        Assert.Equal(TotalHitsRelation.Exact, result.TotalHitsRelation);
    }

    [Theory]
    [InlineData("rank", SortOrder.Ascending)]
    [InlineData("rank", SortOrder.Descending)]
    [InlineData("published", SortOrder.Descending)]
    [InlineData("tag", SortOrder.Ascending)]
    [InlineData("tag", SortOrder.Descending)]
    public void Field_sort_orders_by_value_then_id_with_missing_last(string field, SortOrder order)
    {
        var result = Shard.Search(new SearchRequest { Query = "w0 w1", Limit = 1000, Sort = SortSpec.By(field, order) });
        var matching = Corpus.Where(d => Matches(d, ["w0", "w1"])).ToList();
        Assert.Equal(matching.Count, result.Hits.Count);
        for (var i = 1; i < result.Hits.Count; i++)
        {
            var (previous, current) = (result.Hits[i - 1], result.Hits[i]);
            if (previous.SortValue.IsMissing || current.SortValue.IsMissing)
            {
                Assert.True(current.SortValue.IsMissing, $"{current.Id} has a value after a missing one");
                continue;
            }

            var compared = field == "tag"
                ? string.CompareOrdinal(previous.SortValue.Keyword, current.SortValue.Keyword)
                : previous.SortValue.Number!.Value.CompareTo(current.SortValue.Number!.Value);
            Assert.True(order == SortOrder.Ascending ? compared <= 0 : compared >= 0, $"{previous.Id} before {current.Id}");
            if (compared == 0)
            {
                Assert.True(string.CompareOrdinal(previous.Id, current.Id) < 0);
            }
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("rank")]
    [InlineData("tag")]
    public void Offset_pages_and_search_after_pages_equal_one_big_page(string? sortField)
    {
        var sort = sortField is null ? SortSpec.Score : SortSpec.By(sortField, SortOrder.Descending);
        var all = Shard.Search(new SearchRequest { Query = "w0 w2 w7", Limit = 10_000, Sort = sort });
        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = Shard.Search(new SearchRequest { Query = "w0 w2 w7", Limit = 37, Sort = sort, SearchAfter = cursor });
            paged.AddRange(Ids(page));
            cursor = page.Hits.Count == 37 ? page.NextCursor : null;
        }
        while (cursor is not null);

        Assert.Equal(Ids(all), paged);
        var third = Shard.Search(new SearchRequest { Query = "w0 w2 w7", Offset = 74, Limit = 37, Sort = sort });
        Assert.Equal(Ids(all).Skip(74).Take(37), Ids(third));
    }

    [Fact]
    public void Paging_limits_and_cursor_misuse_give_clear_errors()
    {
        Assert.Contains("must be ≤ the result window 10000", Assert.Throws<ArgumentOutOfRangeException>(() => Shard.Search(new SearchRequest { Query = "w1", Offset = 9_995, Limit = 10 })).Message);
        var cursor = Shard.Search(new SearchRequest { Query = "w1" }).NextCursor!;
        Assert.Contains("made for sort 'score Descending', but the request sorts by 'rank Ascending'", Assert.Throws<ArgumentException>(() => Shard.Search(new SearchRequest { Query = "w1", SearchAfter = cursor, Sort = SortSpec.By("rank") })).Message);
        Assert.Contains("not URL-safe base64", Assert.Throws<ArgumentException>(() => Shard.Search(new SearchRequest { Query = "w1", SearchAfter = "!!" })).Message);
        Assert.Contains("truncated", Assert.Throws<ArgumentException>(() => Shard.Search(new SearchRequest { Query = "w1", SearchAfter = cursor[..10] })).Message);
        Assert.Contains("Offset must be 0", Assert.Throws<ArgumentException>(() => Shard.Search(new SearchRequest { Query = "w1", SearchAfter = cursor, Offset = 1 })).Message);
        Assert.Contains("cannot sort by field 'body'", Assert.Throws<ArgumentException>(() => Shard.Search(new SearchRequest { Query = "w1", Sort = SortSpec.By("body") })).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Explanations_equal_scores_to_the_last_bit()
    {
        var random = new Random(Seed);
        for (var q = 0; q < 60; q++)
        {
            var result = Shard.Search(new SearchRequest { Query = Collection.PruningPropertyTests.RandomQuery(random), Explain = true, Limit = 5 });
            foreach (var hit in result.Hits)
            {
                Assert.Equal(hit.Score, hit.Explanation!.Value);
            }
        }
    }

    [Fact]
    public void Stored_fields_come_back_typed()
    {
        var shard = Small();
        var hit = shard.Search(new SearchRequest { Query = "green", IncludeStoredFields = true }).Hits.Single();
        Assert.Equal("green apple", hit.StoredFields!["title"]);
        Assert.Equal(["fruit"], (string[])hit.StoredFields["tag"]);
        Assert.Equal(1.0, hit.StoredFields["rank"]);
        Assert.Equal(hit.StoredFields, shard.GetStoredFields("b"));
        Assert.Null(shard.GetStoredFields("nope"));
    }

    [Fact]
    public void Stored_fields_can_be_limited_to_the_named_ones()
    {
        var shard = Small();
        var request = new SearchRequest { Query = "green", IncludeStoredFields = true, StoredFieldNames = new HashSet<string> { "tag", "rank", "no-such-field" } };

        var hit = shard.Search(request).Hits.Single();
        var titleOnly = shard.Search(request with { StoredFieldNames = new HashSet<string> { "title" } }).Hits.Single();

        Assert.Equal(["rank", "tag"], hit.StoredFields!.Keys.Order());
        Assert.Equal(["fruit"], (string[])hit.StoredFields["tag"]);
        Assert.Equal(["title"], titleOnly.StoredFields!.Keys);
    }

    private static bool Matches(SearchDocument document, string[] words)
    {
        var tokens = new List<OrleansSearch.Search.Analysis.Token>();
        LetterDigitAnalyzer.Instance.Analyze(document.Values["title"].Text!, tokens);
        LetterDigitAnalyzer.Instance.Analyze(document.Values["body"].Text!, tokens);
        return tokens.Any(t => words.Contains(t.Term));
    }
}
