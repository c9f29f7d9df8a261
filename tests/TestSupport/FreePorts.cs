using System.Net;
using System.Net.Sockets;

namespace OrleansSearch.Tests.Support;

/// <summary>Loopback ports nobody listens on right now, for servers a test starts (Orleans refuses port 0 for silos).</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
