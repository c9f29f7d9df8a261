using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Tests.Support;

namespace OrleansSearch.Search.Tests.Query;

public sealed class QueryParserTests
{
    [Fact]
    public void Parses_terms_phrases_operators_and_fields()
    {
        var clauses = QueryParser.Parse("alpha +beta -\"gamma delta\" title:eps +tag:\"x y\" a\\:b", QuerySyntax.Full, DefaultOperator.Or, 1000);
        Assert.Equal(
            [
                new QueryClause(Occur.Should, null, "alpha", false, 0),
                new QueryClause(Occur.Must, null, "beta", false, 6),
                new QueryClause(Occur.MustNot, null, "gamma delta", true, 12),
                new QueryClause(Occur.Should, "title", "eps", false, 27),
                new QueryClause(Occur.Must, "tag", "x y", true, 37),
                new QueryClause(Occur.Should, null, "a:b", false, 48),
            ],
            clauses);
    }

    [Fact]
    public void And_operator_makes_unmarked_clauses_required() =>
        Assert.All(QueryParser.Parse("a b", QuerySyntax.Full, DefaultOperator.And, 100), c => Assert.Equal(Occur.Must, c.Occur));

    [Fact]
    public void Plain_syntax_makes_every_word_a_clause_and_nothing_an_operator() =>
        Assert.Equal(
            [
                new QueryClause(Occur.Must, null, "what", false, 0),
                new QueryClause(Occur.Must, null, "+x:", false, 6),
                new QueryClause(Occur.Must, null, "\"y", false, 10),
            ],
            QueryParser.Parse("what  +x: \"y ", QuerySyntax.Plain, DefaultOperator.And, 100));

    [Theory]
    [InlineData("a \"open phrase", 2, "not closed")]
    [InlineData("a + b", 2, "'+' must be followed")]
    [InlineData("a -", 2, "'-' must be followed")]
    [InlineData(":x", 0, "needs a field name")]
    [InlineData("title: x", 0, "has no value")]
    [InlineData("a\"b\"", 1, "inside a word")]
    [InlineData("\"a\"b", 3, "closing '\"' must be followed")]
    [InlineData("x\\", 1, "trailing '\\'")]
    public void Syntax_errors_carry_position_and_reason(string query, int position, string reason)
    {
        var error = Assert.Throws<QueryParseException>(() => QueryParser.Parse(query, QuerySyntax.Full, DefaultOperator.Or, 100));
        Assert.Equal(position, error.Position);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void Limits_give_clear_errors()
    {
        var shard = RandomCorpus.Index([], RandomCorpus.Schema);
        var limited = new ShardIndex(RandomCorpus.Schema, new SearchOptions { MaxQueryLength = 10, MaxClauses = 3 });
        Assert.Contains("11 characters long; the limit is 10", Assert.Throws<QueryParseException>(() => limited.Search(new SearchRequest { Query = "abcdefghijk" })).Message);
        // Two words over two default text fields are four leaves.
        Assert.Contains("more than 3 clauses", Assert.Throws<QueryParseException>(() => limited.Search(new SearchRequest { Query = "a b" })).Message);
        Assert.Contains("unknown field 'nope'", Assert.Throws<QueryParseException>(() => shard.Search(new SearchRequest { Query = "x nope:y" })).Message);
        Assert.Contains("is a Number field; query it with a range filter", Assert.Throws<QueryParseException>(() => shard.Search(new SearchRequest { Query = "rank:3" })).Message);
        Assert.Contains("only excludes", Assert.Throws<QueryParseException>(() => shard.Search(new SearchRequest { Query = "-a -b" })).Message);
    }

    [Fact]
    public void Options_are_validated_naming_option_value_and_range() =>
        Assert.Contains(
            "SearchOptions.MaxResultWindow is 0; it must be between 1 and 10000000",
            Assert.Throws<ArgumentOutOfRangeException>(() => new ShardIndex(RandomCorpus.Schema, new SearchOptions { MaxResultWindow = 0 })).Message);
}
