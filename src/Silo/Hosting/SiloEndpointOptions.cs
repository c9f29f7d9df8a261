using System.Net;

namespace OrleansSearch.Silo.Hosting;

/// <summary>
/// Who a silo is and where it listens. Configuration section <c>Silo</c> (also read by cluster-mode gateways
/// for <see cref="ClusterId"/> and <see cref="ServiceId"/>).
/// </summary>
public sealed class SiloEndpointOptions
{
    public const string DefaultClusterId = "orleans-search";

    /// <summary>Silos and gateways with the same cluster id form one cluster (one membership table partition).</summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>Keys stored grain state: keep it across deployments, or the state of earlier ones is not found.</summary>
    public string ServiceId { get; set; } = DefaultClusterId;

    /// <summary>A name for logs and the dashboard; defaults to the machine name.</summary>
    public string? Name { get; set; }

    /// <summary>The address the silo binds: 127.0.0.1 on one host, 0.0.0.0 in a container.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The address other silos and gateways reach this silo at (a pod's IP); defaults to <see cref="ListenAddress"/>, or the first non-loopback IPv4 address when that is 0.0.0.0.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Silo-to-silo port.</summary>
    public int Port { get; set; } = 11111;

    /// <summary>The port gateways (Orleans clients) connect to; 0 opens none.</summary>
    public int GatewayPort { get; set; } = 30000;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
        {
            throw new InvalidOperationException("Silo:ClusterId and Silo:ServiceId must not be empty.");
        }
        if (!IPAddress.TryParse(ListenAddress, out _))
        {
            throw new InvalidOperationException($"Silo:ListenAddress is '{ListenAddress}'; it must be an IP address (e.g. 127.0.0.1 or 0.0.0.0).");
        }
        if (AdvertisedAddress is not null && !IPAddress.TryParse(AdvertisedAddress, out _))
        {
            throw new InvalidOperationException($"Silo:AdvertisedAddress is '{AdvertisedAddress}'; it must be an IP address.");
        }
        if (Port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"Silo:Port is {Port}; it must be 1–65535 (Orleans needs a fixed silo port).");
        }
        if (GatewayPort is < 0 or > 65535)
        {
            throw new InvalidOperationException($"Silo:GatewayPort is {GatewayPort}; it must be 0–65535.");
        }
    }

    /// <summary>The address to advertise in the membership table.</summary>
    public IPAddress Advertised()
    {
        if (AdvertisedAddress is not null)
        {
            return IPAddress.Parse(AdvertisedAddress);
        }
        var listen = IPAddress.Parse(ListenAddress);
        if (!listen.Equals(IPAddress.Any))
        {
            return listen;
        }
        return System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .FirstOrDefault(address => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(address))
            ?? IPAddress.Loopback;
    }
}
