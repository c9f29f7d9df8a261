using System.ComponentModel;
using System.Security.Claims;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace OrleansSearch.McpGateway.Tests.Mcp;

/// <summary>What the echo tool returns as structured content (its output schema is derived from this).</summary>
public sealed record EchoResult(string Text, int Length, int Times);

/// <summary>What the whoami tool reports about the caller, as the handler sees it.</summary>
/// <remarks>Absent values are empty strings: structured content must match the output schema, which lists every property.</remarks>
public sealed record CallerReport(string UserFromContext, string UserFromHttpContext, string RequestId);

/// <summary>Lets a test see that the slow tool was cancelled (and not left running).</summary>
public sealed class SlowToolProbe
{
    public TaskCompletionSource Started { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Cancelled { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Reset()
    {
        Started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>Tools that exist only in the tests: they exercise the transport, not the search engine.</summary>
public static class TestTools
{
    public const string UserHeader = "X-Test-User";

    public static IServiceCollection AddTestTools(this IServiceCollection services)
    {
        services.AddSingleton<SlowToolProbe>();
        services.AddSingleton(McpServerTool.Create(
            [Description("Echoes the text back, repeated the given number of times.")]
            ([Description("Text to echo.")] string text, [Description("How many times to repeat it (1-10).")] int times = 1) =>
            {
                if (times is < 1 or > 10)
                {
                    throw new McpException($"times is {times}; it must be between 1 and 10.");
                }
                var repeated = string.Concat(Enumerable.Repeat(text, times));
                return new EchoResult(repeated, repeated.Length, times);
            },
            new McpServerToolCreateOptions { Name = "echo", UseStructuredContent = true, ReadOnly = true }));
        services.AddSingleton(McpServerTool.Create(
            [Description("Always fails, to test error reporting.")]
            string () => throw new InvalidOperationException("the fail tool failed on purpose"),
            new McpServerToolCreateOptions { Name = "fail" }));
        services.AddSingleton(McpServerTool.Create(
            [Description("Waits up to the given milliseconds, to test cancellation.")]
            async (RequestContext<CallToolRequestParams> request, [Description("Milliseconds to wait.")] int milliseconds, CancellationToken cancellationToken) =>
            {
                var probe = request.Services!.GetRequiredService<SlowToolProbe>();
                probe.Started.TrySetResult();
                try
                {
                    await Task.Delay(milliseconds, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    probe.Cancelled.TrySetResult();
                    throw;
                }
                return $"waited {milliseconds} ms";
            },
            new McpServerToolCreateOptions { Name = "slow" }));
        services.AddSingleton(McpServerTool.Create(
            [Description("Reports who called, as the gateway's auth middleware saw it.")]
            (RequestContext<CallToolRequestParams> request) =>
            {
                var http = request.Services!.GetRequiredService<IHttpContextAccessor>().HttpContext;
                return new CallerReport(request.User?.Identity?.Name ?? "", http?.User.Identity?.Name ?? "", http?.TraceIdentifier ?? "");
            },
            new McpServerToolCreateOptions { Name = "whoami", UseStructuredContent = true }));
        return services;
    }

    /// <summary>
    /// Stands in for an auth middleware that sets HttpContext.User: the caller named in a header becomes the user.
    /// The SDK binds a stateful session to its user by NameIdentifier (or sub, or Upn), so the principal has one.
    /// </summary>
    public static void UseTestAuthentication(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var user = http.Request.Headers[UserHeader].ToString();
        if (user.Length > 0)
        {
            http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user), new Claim(ClaimTypes.NameIdentifier, user)], authenticationType: "test"));
        }
        return next(http);
    });
}
