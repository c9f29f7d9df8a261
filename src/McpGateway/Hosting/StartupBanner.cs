using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>Tells the person who just started the gateway where MCP is and what to paste into their MCP client.</summary>
internal static class StartupBanner
{
    public static void Print(IServiceProvider services, TextWriter output)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        string? address = addresses?.FirstOrDefault();
        if (address is null)
        {
            return;
        }
        string mcp = address.TrimEnd('/') + "/mcp";
        string dll = Path.Combine(AppContext.BaseDirectory, "OrleansSearch.McpGateway.dll");
        output.WriteLine($$"""

            OrleansSearch gateway is listening.
              MCP (Streamable HTTP): {{mcp}}
              REST:                  {{address.TrimEnd('/')}}/v1   (OpenAPI: {{address.TrimEnd('/')}}/v1/openapi.json)

            MCP client configuration (HTTP):
              { "mcpServers": { "orleans-search": { "type": "http", "url": "{{mcp}}" } } }
            MCP client configuration (stdio, for desktop clients):
              {{StdioConfiguration(services.GetRequiredService<IConfiguration>(), dll)}}

            """);
        if (services.GetService<SampleCorpusProgress>()?.State == SampleCorpusState.Loading)
        {
            output.WriteLine($"Sample index {SampleCorpusLoader.IndexName} is loading in the background: searches on it see a partial index until the log says \"Sample corpus ready\" (/health/ready is Degraded until then).");
            output.WriteLine();
        }
    }

    private static readonly JsonSerializerOptions ConfigurationJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The stdio entry for an MCP client: a gateway started by the client must reach the same cluster as this one,
    /// so in Cluster mode the arguments carry the mode, the silos' gateways or membership provider and the cluster's
    /// ids. The PostgreSQL connection string holds a password: it is left as a placeholder in <c>env</c>, not printed.
    /// </summary>
    internal static string StdioConfiguration(IConfiguration configuration, string dll)
    {
        var args = new List<string> { dll, "--stdio" };
        var env = new Dictionary<string, string>();
        if (configuration.GetSection("Gateway").Get<GatewayOptions>() is { IsEmbedded: false })
        {
            args.Add("--Gateway:Mode=Cluster");
            foreach (var setting in (string[])["Silo:ClusterId", "Silo:ServiceId"])
            {
                if (configuration[setting] is { Length: > 0 } value)
                {
                    args.Add($"--{setting}={value}");
                }
            }
            var gateways = configuration.GetSection("Cluster:Gateways").Get<List<string>>() ?? [];
            for (int i = 0; i < gateways.Count; i++)
            {
                args.Add($"--Cluster:Gateways:{i}={gateways[i]}");
            }
            if (gateways.Count == 0 && configuration["Storage:Provider"] is { Length: > 0 } provider)
            {
                args.Add($"--Storage:Provider={provider}");
                env["Storage__ConnectionString"] = "<the silos' PostgreSQL connection string>";
            }
        }
        var server = new Dictionary<string, object> { ["command"] = "dotnet", ["args"] = args };
        if (env.Count > 0)
        {
            server["env"] = env;
        }
        return JsonSerializer.Serialize(new { mcpServers = new Dictionary<string, object> { ["orleans-search"] = server } }, ConfigurationJson);
    }
}
