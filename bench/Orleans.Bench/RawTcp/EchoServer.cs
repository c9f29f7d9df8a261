using System.Net;
using System.Net.Sockets;

namespace OrleansSearch.Orleans.Bench.RawTcp;

/// <summary>
/// The smallest request/response server worth comparing with: per connection, read what has arrived, turn every
/// complete frame around unchanged, and send all the answers of one read in one write. No dispatch, no serialization.
/// </summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private const int BufferSize = 256 * 1024;
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private Task _accepting = Task.CompletedTask;

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public static EchoServer Start()
    {
        var server = new EchoServer();
        server._listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        server._listener.Listen();
        server._accepting = server.AcceptAsync();
        return server;
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var connection = await _listener.AcceptAsync(_stop.Token);
                connection.NoDelay = true;
                lock (_connections)
                {
                    _connections.Add(Task.Run(() => EchoAsync(connection)));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task EchoAsync(Socket connection)
    {
        using var _ = connection;
        var input = new byte[BufferSize];
        var output = new byte[BufferSize];
        int filled = 0;
        try
        {
            while (true)
            {
                int read = await connection.ReceiveAsync(input.AsMemory(filled), SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }
                filled += read;
                int consumed = 0;
                int written = 0;
                int size;
                while ((size = EchoFrames.TryFrameSize(input.AsSpan(consumed, filled - consumed))) > 0)
                {
                    input.AsSpan(consumed, size).CopyTo(output.AsSpan(written));
                    consumed += size;
                    written += size;
                }
                input.AsSpan(consumed, filled - consumed).CopyTo(input);
                filled -= consumed;
                await SendAllAsync(connection, output.AsMemory(0, written), _stop.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException)
        {
        }
    }

    internal static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellation)
    {
        while (!data.IsEmpty)
        {
            data = data[await socket.SendAsync(data, SocketFlags.None, cancellation)..];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }
        await Task.WhenAll(connections);
        _stop.Dispose();
    }
}
