using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace OrleansSearch.Runtime.Bench;

/// <summary>
/// The baseline: request/response over one loopback TCP connection with the same framing idea as the
/// runtime (length prefix, request id, payload, batched writes, many requests in flight) and nothing
/// else — no serialization, routing, scheduling or grain. What the runtime adds is the ratio to this.
/// </summary>
internal sealed class RawEcho : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Socket _client;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly Channel<(long Id, byte[] Payload)> _outbox = Channel.CreateUnbounded<(long, byte[])>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, TaskCompletionSource<byte[]>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private long _nextId;

    private RawEcho(Socket listener, Socket client)
    {
        _listener = listener;
        _client = client;
        var stream = new NetworkStream(client, ownsSocket: true);
        _reader = PipeReader.Create(stream);
        _writer = PipeWriter.Create(stream);
    }

    public static async Task<RawEcho> StartAsync()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accept = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!);
        var server = await accept;
        server.NoDelay = true;
        var echo = new RawEcho(listener, client);
        _ = Task.Run(() => ServeAsync(server, echo._stop.Token));
        _ = Task.Run(echo.WriteLoopAsync);
        _ = Task.Run(echo.ReadLoopAsync);
        return echo;
    }

    public Task<byte[]> CallAsync(byte[] payload)
    {
        long id = Interlocked.Increment(ref _nextId);
        var completion = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        _outbox.Writer.TryWrite((id, payload));
        return completion.Task;
    }

    private async Task WriteLoopAsync()
    {
        var reader = _outbox.Reader;
        while (await reader.WaitToReadAsync(_stop.Token))
        {
            while (reader.TryRead(out var request))
            {
                WriteFrame(_writer, request.Id, request.Payload);
            }
            await _writer.FlushAsync(_stop.Token);
        }
    }

    private async Task ReadLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var result = await _reader.ReadAsync(_stop.Token);
            var buffer = result.Buffer;
            while (TryReadFrame(ref buffer, out long id, out byte[] payload))
            {
                if (_pending.TryRemove(id, out var completion))
                {
                    completion.TrySetResult(payload);
                }
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private static async Task ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream);
        var writer = PipeWriter.Create(stream);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                bool wrote = false;
                while (TryReadFrame(ref buffer, out long id, out byte[] payload))
                {
                    WriteFrame(writer, id, payload);
                    wrote = true;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (wrote)
                {
                    await writer.FlushAsync(cancellationToken);
                }
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static void WriteFrame(PipeWriter writer, long id, byte[] payload)
    {
        var span = writer.GetSpan(12 + payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, 8 + payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(span[4..], id);
        payload.CopyTo(span[12..]);
        writer.Advance(12 + payload.Length);
    }

    private static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out long id, out byte[] payload)
    {
        id = 0;
        payload = [];
        if (buffer.Length < 4)
        {
            return false;
        }
        Span<byte> header = stackalloc byte[12];
        buffer.Slice(0, 4).CopyTo(header);
        int length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (buffer.Length < 4 + length)
        {
            return false;
        }
        buffer.Slice(4, 8).CopyTo(header[4..]);
        id = BinaryPrimitives.ReadInt64LittleEndian(header[4..]);
        payload = buffer.Slice(12, length - 8).ToArray();
        buffer = buffer.Slice(4 + length);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        _listener.Dispose();
        _stop.Dispose();
    }
}
