using OrleansSearch.Grains.Documents;
using OrleansSearch.McpGateway.Mcp;
using OrleansSearch.McpGateway.Querying;
using OrleansSearch.McpGateway.Security;
using OrleansSearch.Embeddings;
using OrleansSearch.Silo.Hosting;
using OrleansSearch.Silo.Storage;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// The gateway's <c>--validate-config</c>: sections Gateway, Limits, Auth, Mcp, Embeddings and Shards; in cluster mode
/// also Cluster, Storage and the cluster's identity in Silo; in embedded mode the co-hosted silo's Membership.
/// </summary>
internal static class GatewayConfigurationCheck
{
    public static int Run(IConfiguration configuration, TextWriter output)
    {
        var check = new ConfigurationCheck(configuration);
        var gateway = check.Check("Gateway", new GatewayOptions(), options => options.Validate());
        check.Check("Limits", new GatewayLimits(), options => options.Validate());
        check.Check("Auth", new ApiKeyOptions(), options => options.Validate());
        check.Check("Mcp", new McpEndpointOptions(), options =>
        {
            var result = new McpEndpointOptionsValidator().Validate(null, options);
            if (result.Failed)
            {
                throw new InvalidOperationException(string.Join(" ", result.Failures.Select(failure => "Mcp:" + failure)));
            }
        });
        check.Check("Embeddings", new EmbeddingModelOptions(), options =>
        {
            if (options.DownloadTimeout <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"Embeddings:DownloadTimeout is {options.DownloadTimeout}; it must be greater than zero.");
            }
        });
        check.Check("Shards", new ShardOptions(), options => options.Validate());
        if (gateway.IsEmbedded)
        {
            SiloConfigurationCheck.CheckMembership(check);
        }
        else
        {
            var cluster = check.Check("Cluster", new ClusterClientOptions(), options => options.Validate());
            var storage = check.Check(StorageOptions.SectionName, new StorageOptions(), options => options.Validate());
            check.Check("Silo", new SiloEndpointOptions(), options => options.Validate());
            check.Require(cluster.Gateways.Count > 0 || storage.IsPostgres,
                $"Gateway:Mode is Cluster and Storage:Provider is '{storage.Provider}': set Storage:Provider=Postgres with the silos' connection string, or list the silos' gateway endpoints in Cluster:Gateways.");
        }
        return check.Report(output);
    }
}
