using OrleansSearch.McpGateway.Querying;
using OrleansSearch.Search.Indexing;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>Issue 11, defect 4: the gateway cannot be configured past the limits the shards enforce.</summary>
public sealed class LimitsTests
{
    [Fact]
    public void A_result_window_beyond_the_shards_is_refused_at_startup()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GatewayLimits { MaxResultWindow = 20_000 }.Validate());

        Assert.Contains($"Limits:MaxResultWindow is 20000; it must be between 100 and {SearchOptions.DefaultMaxResultWindow}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_query_length_beyond_the_shards_is_refused_at_startup()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GatewayLimits { MaxQueryLength = SearchOptions.DefaultMaxQueryLength + 1 }.Validate());

        Assert.Contains("Limits:MaxQueryLength", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_come_from_the_shards_limits()
    {
        var limits = new GatewayLimits();
        limits.Validate();

        Assert.Equal(SearchOptions.DefaultMaxResultWindow, limits.MaxResultWindow);
        Assert.True(limits.MaxQueryLength <= SearchOptions.DefaultMaxQueryLength);
    }
}
