using System.Collections.Concurrent;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace OrleansSearch.McpGateway.Mcp;

/// <summary>
/// One stateful Streamable HTTP session: its transport, the MCP server reading from it, and the
/// bookkeeping that decides when it may expire. A session is idle only when no request (including an
/// open GET stream) is in flight; <see cref="TryBeginRequest"/> and <see cref="TryCloseIfIdle"/> race
/// through one counter, so an expiring session is never handed to a new request.
/// </summary>
internal sealed class McpHttpSession : IAsyncDisposable
{
    private const int Closed = -1;

    private readonly McpServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<RequestId, CancellationTokenSource> _postsInFlight = new();
    private long _lastActivityTimestamp;
    private int _inFlight;
    private int _getStreamOpen;

    public McpHttpSession(string id, StreamableHttpServerTransport transport, McpServer server, TimeProvider time, ILogger logger)
    {
        Id = id;
        Transport = transport;
        _server = server;
        _time = time;
        _lastActivityTimestamp = time.GetTimestamp();
        _run = RunAsync(logger);
    }

    public string Id { get; }

    public StreamableHttpServerTransport Transport { get; }

    /// <summary>Counts a request as in flight; false when the session has already ended.</summary>
    public bool TryBeginRequest()
    {
        while (true)
        {
            var current = Volatile.Read(ref _inFlight);
            if (current == Closed)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _inFlight, current + 1, current) == current)
            {
                Volatile.Write(ref _lastActivityTimestamp, _time.GetTimestamp());
                return true;
            }
        }
    }

    public void EndRequest()
    {
        Volatile.Write(ref _lastActivityTimestamp, _time.GetTimestamp());
        Interlocked.Decrement(ref _inFlight);
    }

    /// <summary>Closes the session if nothing is in flight and the last activity is older than <paramref name="idleTimeout"/>.</summary>
    public bool TryCloseIfIdle(TimeSpan idleTimeout) =>
        _time.GetElapsedTime(Volatile.Read(ref _lastActivityTimestamp)) > idleTimeout
        && Interlocked.CompareExchange(ref _inFlight, Closed, 0) == 0;

    /// <summary>Closes the session whatever is in flight (DELETE, shutdown); in-flight requests are cancelled by the disposal.</summary>
    public void Close() => Volatile.Write(ref _inFlight, Closed);

    /// <summary>The spec allows one standalone GET stream per session; a second is refused while the first is open.</summary>
    public bool TryOpenGetStream() => Interlocked.Exchange(ref _getStreamOpen, 1) == 0;

    public void CloseGetStream() => Volatile.Write(ref _getStreamOpen, 0);

    /// <summary>
    /// Tracks the POST that carries request <paramref name="id"/>, so a later notifications/cancelled for
    /// it can end that POST's event stream: the server sends no response to a cancelled request, and
    /// without this the stream would stay open until the client hung up.
    /// </summary>
    public CancellationTokenSource TrackPost(RequestId id, CancellationToken requestAborted)
    {
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        _postsInFlight[id] = cancellation;
        return cancellation;
    }

    public void UntrackPost(RequestId id, CancellationTokenSource cancellation)
    {
        _postsInFlight.TryRemove(new KeyValuePair<RequestId, CancellationTokenSource>(id, cancellation));
        cancellation.Dispose();
    }

    /// <summary>Ends the POST stream of a request the client cancelled; false if no such POST is open.</summary>
    public bool CancelPost(RequestId id)
    {
        if (!_postsInFlight.TryGetValue(id, out var cancellation))
        {
            return false;
        }
        try
        {
            cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The POST finished meanwhile; nothing left to end.
        }
        return true;
    }

    private async Task RunAsync(ILogger logger)
    {
        try
        {
            await _server.RunAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            logger.SessionServerFailed(exception, Id);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        await _stop.CancelAsync().ConfigureAwait(false);
        await Transport.DisposeAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        await _server.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
