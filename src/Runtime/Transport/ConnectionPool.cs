using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using OrleansSearch.Runtime.Diagnostics;
using OrleansSearch.Runtime.Hosting;
using OrleansSearch.Runtime.Membership;

namespace OrleansSearch.Runtime.Transport;

/// <summary>
/// One outbound connection per silo generation, opened on first use and replaced when it breaks.
/// Connecting is shared: concurrent callers to a silo wait on the same attempt.
/// </summary>
internal sealed class ConnectionPool : IAsyncDisposable
{
    private readonly ConcurrentDictionary<SiloAddress, Lazy<Task<Connection>>> _connections = new();
    private readonly MessagingOptions _options;
    private readonly IIncomingMessageHandler? _handler;
    private readonly RuntimeInstruments? _instruments;
    private volatile bool _disposed;

    public ConnectionPool(MessagingOptions options, IIncomingMessageHandler? handler, RuntimeInstruments? instruments)
    {
        _options = options;
        _handler = handler;
        _instruments = instruments;
    }

    public async Task<Connection> GetAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var lazy = _connections.GetOrAdd(silo, address => new Lazy<Task<Connection>>(() => ConnectAsync(address)));
            Connection connection;
            try
            {
                connection = await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectionFailedException)
            {
                _connections.TryRemove(new KeyValuePair<SiloAddress, Lazy<Task<Connection>>>(silo, lazy));
                throw;
            }
            if (!connection.IsClosed)
            {
                return connection;
            }
            _connections.TryRemove(new KeyValuePair<SiloAddress, Lazy<Task<Connection>>>(silo, lazy));
        }
    }

    /// <summary>
    /// Stops using the connection to a silo that left or was declared dead; it closes once the calls
    /// already sent on it are answered (a dead peer's socket fails them sooner).
    /// </summary>
    public void Remove(SiloAddress silo)
    {
        if (_connections.TryRemove(silo, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
        {
            lazy.Value.Result.CloseWhenIdle();
        }
    }

    private async Task<Connection> ConnectAsync(SiloAddress silo)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var timeout = new CancellationTokenSource(_options.ConnectTimeout);
            await socket.ConnectAsync(await ResolveAsync(silo.Host).ConfigureAwait(false), silo.Port, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            throw new ConnectionFailedException($"Cannot connect to silo {silo}: {exception.Message}", exception);
        }
        var connection = new Connection(socket, _handler, _options.MaxMessageSize, _options.SendQueueCapacity, _instruments);
        connection.Start();
        return connection;
    }

    private static async Task<IPAddress> ResolveAsync(string host)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return address;
        }
        var addresses = await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
        return addresses.Length > 0 ? addresses[0] : throw new ConnectionFailedException($"Host '{host}' resolves to no address.");
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var (silo, lazy) in _connections)
        {
            if (_connections.TryRemove(silo, out _) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                lazy.Value.Result.Close();
            }
        }
        return ValueTask.CompletedTask;
    }
}
