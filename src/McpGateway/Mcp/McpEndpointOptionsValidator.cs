using Microsoft.Extensions.Options;

namespace OrleansSearch.McpGateway.Mcp;

/// <summary>Rejects unusable MCP endpoint settings at startup, naming the option, its value and the rule.</summary>
internal sealed class McpEndpointOptionsValidator : IValidateOptions<McpEndpointOptions>
{
    public ValidateOptionsResult Validate(string? name, McpEndpointOptions options)
    {
        List<string>? failures = null;
        void Fail(string message) => (failures ??= []).Add(message);

        if (options.SessionIdleTimeout <= TimeSpan.Zero)
        {
            Fail($"{nameof(McpEndpointOptions.SessionIdleTimeout)} is {options.SessionIdleTimeout}; it must be greater than zero.");
        }
        if (options.MaxIdleSessions < 1)
        {
            Fail($"{nameof(McpEndpointOptions.MaxIdleSessions)} is {options.MaxIdleSessions}; it must be at least 1.");
        }
        if (string.IsNullOrWhiteSpace(options.ServerName))
        {
            Fail($"{nameof(McpEndpointOptions.ServerName)} is '{options.ServerName}'; it must not be empty.");
        }
        if (string.IsNullOrWhiteSpace(options.ServerVersion))
        {
            Fail($"{nameof(McpEndpointOptions.ServerVersion)} is '{options.ServerVersion}'; it must not be empty.");
        }
        foreach (var origin in options.AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || origin.EndsWith('/'))
            {
                Fail($"{nameof(McpEndpointOptions.AllowedOrigins)} contains '{origin}'; each entry must be an origin: scheme://host[:port] with no path.");
            }
        }
        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
