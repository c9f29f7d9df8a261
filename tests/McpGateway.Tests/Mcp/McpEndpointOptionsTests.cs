using Microsoft.Extensions.Options;

namespace OrleansSearch.McpGateway.Tests.Mcp;

public sealed class McpEndpointOptionsTests
{
    [Theory]
    [InlineData("Mcp:SessionIdleTimeout", "00:00:00", "SessionIdleTimeout is 00:00:00; it must be greater than zero.")]
    [InlineData("Mcp:MaxIdleSessions", "0", "MaxIdleSessions is 0; it must be at least 1.")]
    [InlineData("Mcp:ServerName", " ", "ServerName is ' '; it must not be empty.")]
    [InlineData("Mcp:AllowedOrigins:0", "https://app.example.com/path", "AllowedOrigins contains 'https://app.example.com/path'; each entry must be an origin")]
    public void Bad_settings_stop_the_gateway_at_startup_naming_option_value_and_rule(string key, string value, string expected)
    {
        using var factory = new McpGatewayFactory(new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mcp:MaxSessions")]
    [InlineData("Mcp:MaxRequestBodyBytes")]
    public void A_setting_the_endpoint_does_not_know_stops_the_gateway_instead_of_being_ignored(string key)
    {
        using var factory = new McpGatewayFactory(new Dictionary<string, string?> { [key] = "10" });

        var error = Assert.ThrowsAny<InvalidOperationException>(() => factory.CreateClient());

        Assert.Contains(key.Split(':')[1], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_stateless_with_documented_limits()
    {
        var options = new OrleansSearch.McpGateway.Mcp.McpEndpointOptions();

        Assert.True(options.Stateless);
        Assert.Equal(TimeSpan.FromMinutes(10), options.SessionIdleTimeout);
        Assert.Equal(1_000, options.MaxIdleSessions);
        Assert.Empty(options.AllowedOrigins);
    }
}
