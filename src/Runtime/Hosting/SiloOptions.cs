namespace OrleansSearch.Runtime.Hosting;

/// <summary>Who a silo is and where it listens. Configuration section <c>Silo</c>.</summary>
public sealed class SiloOptions
{
    public const string DefaultClusterId = "orleans-search";

    /// <summary>Silos and clients with the same cluster id and membership table form one cluster.</summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>A human name for logs and metrics; defaults to the machine name plus port.</summary>
    public string? SiloName { get; set; }

    /// <summary>Address to listen on for silo and client connections.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Port for silo and client connections; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Host name or IP others use to reach this silo; defaults to <see cref="ListenAddress"/>.</summary>
    public string? AdvertisedHost { get; set; }

    internal void Validate()
    {
        OptionsValidation.NotEmpty(ClusterId, $"Silo:{nameof(ClusterId)}");
        OptionsValidation.NotEmpty(ListenAddress, $"Silo:{nameof(ListenAddress)}");
        OptionsValidation.InRange(Port, 0, 65535, $"Silo:{nameof(Port)}");
    }
}
