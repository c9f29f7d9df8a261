using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace OrleansSearch.McpGateway.Mcp;

/// <summary>
/// The stateful mode's sessions, held in this process: creation under <see cref="McpEndpointOptions.MaxSessions"/>,
/// lookup by Mcp-Session-Id, removal on DELETE, and a timer that ends sessions idle for longer than
/// <see cref="McpEndpointOptions.SessionIdleTimeout"/>. Disposed with the host, which ends every session.
/// </summary>
internal sealed class McpSessionStore : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, McpHttpSession> _sessions = new(StringComparer.Ordinal);
    private readonly McpEndpointOptions _options;
    private readonly IOptions<McpServerOptions> _serverOptions;
    private readonly CancellationQuietLoggerFactory _loggerFactory;
    private readonly McpRequestServices _services;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _sweeper;
    private int _count;

    public McpSessionStore(IOptions<McpEndpointOptions> options, IOptions<McpServerOptions> serverOptions, ILoggerFactory loggerFactory, McpRequestServices services, TimeProvider time)
    {
        _options = options.Value;
        _serverOptions = serverOptions;
        _loggerFactory = new CancellationQuietLoggerFactory(loggerFactory);
        _services = services;
        _time = time;
        _logger = loggerFactory.CreateLogger<McpSessionStore>();
        // Sweeping at a quarter of the timeout ends a session at most 25% after it became idle.
        var period = TimeSpan.FromTicks(Math.Clamp(_options.SessionIdleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromSeconds(30).Ticks));
        _sweeper = time.CreateTimer(static state => ((McpSessionStore)state!).SweepIdleSessions(), this, period, period);
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Starts a new session, or returns null when <see cref="McpEndpointOptions.MaxSessions"/> are open.</summary>
    public McpHttpSession? TryCreate()
    {
        if (Interlocked.Increment(ref _count) > _options.MaxSessions)
        {
            Interlocked.Decrement(ref _count);
            return null;
        }
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var transport = new StreamableHttpServerTransport(_loggerFactory) { SessionId = id, FlowExecutionContextFromRequests = true };
        var server = McpServer.Create(transport, _serverOptions.Value, _loggerFactory, _services);
        var session = new McpHttpSession(id, transport, server, _time, _logger);
        _sessions[id] = session;
        _logger.SessionStarted(id, Count);
        return session;
    }

    public McpHttpSession? Find(string id) => _sessions.GetValueOrDefault(id);

    /// <summary>Ends a session now (DELETE); false when no such session is open.</summary>
    public async ValueTask<bool> EndAsync(string id, string reason)
    {
        if (!_sessions.TryRemove(id, out var session))
        {
            return false;
        }
        session.Close();
        await DisposeSessionAsync(session, reason).ConfigureAwait(false);
        return true;
    }

    private void SweepIdleSessions()
    {
        foreach (var (id, session) in _sessions)
        {
            if (session.TryCloseIfIdle(_options.SessionIdleTimeout) && _sessions.TryRemove(id, out _))
            {
                _ = DisposeSessionAsync(session, "idle timeout");
            }
        }
    }

    private async Task DisposeSessionAsync(McpHttpSession session, string reason)
    {
        Interlocked.Decrement(ref _count);
        await session.DisposeAsync().ConfigureAwait(false);
        _logger.SessionEnded(session.Id, reason);
    }

    public async ValueTask DisposeAsync()
    {
        await _sweeper.DisposeAsync().ConfigureAwait(false);
        foreach (var id in _sessions.Keys)
        {
            await EndAsync(id, "gateway stopping").ConfigureAwait(false);
        }
    }
}
