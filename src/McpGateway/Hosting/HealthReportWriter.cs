using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>Health as JSON: overall status and one entry per check with its description and duration.</summary>
internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report) => context.Response.WriteAsJsonAsync(new
    {
        status = report.Status.ToString(),
        checks = report.Entries.ToDictionary(entry => entry.Key, entry => new
        {
            status = entry.Value.Status.ToString(),
            description = entry.Value.Description,
            duration_ms = entry.Value.Duration.TotalMilliseconds,
        }),
    });
}
