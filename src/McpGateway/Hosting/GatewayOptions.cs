namespace OrleansSearch.McpGateway.Hosting;

/// <summary>How the gateway reaches its cluster. Configuration section <c>Gateway</c>.</summary>
public sealed class GatewayOptions
{
    /// <summary>
    /// <c>Embedded</c> (default): silos run inside this process on SQLite in <see cref="DataDirectory"/>.
    /// <c>Cluster</c>: connect as a client to the silos of the cluster in the <c>Storage</c> section.
    /// </summary>
    public string Mode { get; set; } = "Embedded";

    /// <summary>Embedded mode: how many silos to run in-process.</summary>
    public int EmbeddedSilos { get; set; } = 1;

    /// <summary>Embedded mode: where the SQLite database lives.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Embedded mode: index the bundled Debian package catalog on first start.</summary>
    public bool LoadSampleCorpus { get; set; } = true;

    public bool IsEmbedded => Mode == "Embedded";

    public void Validate()
    {
        if (Mode is not ("Embedded" or "Cluster"))
        {
            throw new InvalidOperationException($"Gateway:Mode is '{Mode}'; it must be Embedded or Cluster.");
        }
        if (EmbeddedSilos is < 1 or > 16)
        {
            throw new InvalidOperationException($"Gateway:EmbeddedSilos is {EmbeddedSilos}; it must be between 1 and 16.");
        }
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new InvalidOperationException("Gateway:DataDirectory is empty.");
        }
    }
}
