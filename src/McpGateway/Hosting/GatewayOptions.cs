namespace OrleansSearch.McpGateway.Hosting;

/// <summary>How the gateway reaches its cluster. Configuration section <c>Gateway</c>.</summary>
public sealed class GatewayOptions
{
    /// <summary>Orleans' default silo port is what a cluster silo on the same host would hold; the embedded silo keeps off it.</summary>
    public const int DefaultEmbeddedSiloPort = 11311;

    /// <summary>
    /// <c>Embedded</c> (default): one silo runs inside this process, on SQLite in <see cref="DataDirectory"/>.
    /// <c>Cluster</c>: connect as an Orleans client to the silos of the cluster (section <c>Cluster</c>).
    /// </summary>
    public string Mode { get; set; } = "Embedded";

    /// <summary>Embedded mode: the co-hosted silo's port (loopback only; it opens no gateway port).</summary>
    public int EmbeddedSiloPort { get; set; } = DefaultEmbeddedSiloPort;

    /// <summary>Embedded mode: where the SQLite database lives, relative to the directory the command was run in.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Embedded mode: index the bundled Debian package catalog on first start.</summary>
    public bool LoadSampleCorpus { get; set; } = true;

    public bool IsEmbedded => Mode == "Embedded";

    /// <summary><see cref="DataDirectory"/> as an absolute path.</summary>
    public string DataPath => Path.GetFullPath(DataDirectory);

    public void Validate()
    {
        if (Mode is not ("Embedded" or "Cluster"))
        {
            throw new InvalidOperationException($"Gateway:Mode is '{Mode}'; it must be Embedded or Cluster.");
        }
        if (EmbeddedSiloPort is < 1 or > 65535)
        {
            throw new InvalidOperationException($"Gateway:EmbeddedSiloPort is {EmbeddedSiloPort}; it must be 1–65535.");
        }
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new InvalidOperationException("Gateway:DataDirectory is empty.");
        }
    }
}
