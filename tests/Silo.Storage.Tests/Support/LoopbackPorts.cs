using System.Net;
using System.Net.Sockets;

namespace OrleansSearch.Silo.Storage.Tests.Support;

/// <summary>Free TCP ports on 127.0.0.1 for silo and gateway endpoints (never the Orleans defaults 11111/30000).</summary>
internal static class LoopbackPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
