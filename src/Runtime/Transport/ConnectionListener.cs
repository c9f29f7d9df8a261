using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using OrleansSearch.Runtime.Diagnostics;
using OrleansSearch.Runtime.Hosting;

namespace OrleansSearch.Runtime.Transport;

/// <summary>Accepts connections from silos and clients and keeps track of them so that stopping closes them all.</summary>
internal sealed class ConnectionListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly IIncomingMessageHandler _handler;
    private readonly MessagingOptions _options;
    private readonly RuntimeInstruments? _instruments;
    private readonly ConcurrentDictionary<Connection, byte> _connections = new();
    private readonly CancellationTokenSource _stopping = new();

    public ConnectionListener(IPAddress address, int port, IIncomingMessageHandler handler, MessagingOptions options, RuntimeInstruments? instruments)
    {
        _handler = handler;
        _options = options;
        _instruments = instruments;
        _socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _socket.Bind(new IPEndPoint(address, port));
        _socket.Listen(512);
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    /// <summary>The bound port (the chosen one when 0 was asked for).</summary>
    public int Port { get; }

    public void Start() => _ = Task.Run(AcceptLoopAsync);

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var connection = new Connection(accepted, _handler, _options.MaxMessageSize, _options.SendQueueCapacity, _instruments);
            _connections.TryAdd(connection, 0);
            _ = connection.Closed.ContinueWith(_ => _connections.TryRemove(connection, out byte _), TaskScheduler.Default);
            connection.Start();
        }
    }

    /// <summary>Stops accepting and closes every accepted connection without a goodbye.</summary>
    public ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return ValueTask.CompletedTask;
        }
        _stopping.Cancel();
        _socket.Dispose();
        foreach (var connection in _connections.Keys)
        {
            connection.Close();
        }
        return ValueTask.CompletedTask;
    }
}
