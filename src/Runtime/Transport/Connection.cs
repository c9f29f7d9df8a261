using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using OrleansSearch.Runtime.Diagnostics;
using OrleansSearch.Runtime.Messaging;

namespace OrleansSearch.Runtime.Transport;

/// <summary>
/// One long-lived TCP connection carrying many concurrent messages both ways. Requests written here are
/// correlated with their responses by message id. A single writer loop drains a bounded queue and
/// flushes once per batch, which is where throughput comes from; the bound is the backpressure.
/// </summary>
internal sealed class Connection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly Channel<Message> _outbox;
    private readonly ConcurrentDictionary<long, PendingRequest> _pending = new();
    private readonly IIncomingMessageHandler? _handler;
    private readonly RuntimeInstruments? _instruments;
    private readonly int _maxMessageSize;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _closeStarted;
    private volatile bool _retiring;

    public Connection(Socket socket, IIncomingMessageHandler? handler, int maxMessageSize, int sendQueueCapacity, RuntimeInstruments? instruments)
    {
        _socket = socket;
        _socket.NoDelay = true;
        var stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        _writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024));
        _outbox = Channel.CreateBounded<Message>(new BoundedChannelOptions(sendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _handler = handler;
        _maxMessageSize = maxMessageSize;
        _instruments = instruments;
        RemoteEndPoint = socket.RemoteEndPoint?.ToString() ?? "?";
    }

    public string RemoteEndPoint { get; }

    /// <summary>Completes when the connection has closed, for any reason.</summary>
    public Task Closed => _closed.Task;

    public bool IsClosed => Volatile.Read(ref _closeStarted) != 0;

    public void Start()
    {
        _ = Task.Run(ReadLoopAsync);
        _ = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// Queues a request and waits for its response. Fails with <see cref="ConnectionFailedException"/>
    /// (safe to retry: the request never left) or <see cref="SiloUnavailableException"/> (it may have run).
    /// </summary>
    public async Task<Message> SendRequestAsync(Message request, CancellationToken cancellationToken)
    {
        var pending = new PendingRequest();
        if (!_pending.TryAdd(request.Id, pending))
        {
            throw new InvalidOperationException($"Message id {request.Id} is already waiting for a response on this connection.");
        }
        try
        {
            if (IsClosed || !_outbox.Writer.TryWrite(request))
            {
                try
                {
                    await _outbox.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (ChannelClosedException)
                {
                    throw new ConnectionFailedException($"Connection to {RemoteEndPoint} is closed.");
                }
            }
            using (cancellationToken.UnsafeRegister(static state => ((PendingRequest)state!).Completion.TrySetCanceled(), pending))
            {
                return await pending.Completion.Task.ConfigureAwait(false);
            }
        }
        finally
        {
            _pending.TryRemove(request.Id, out _);
            if (_retiring && _pending.IsEmpty)
            {
                Close();
            }
        }
    }

    /// <summary>
    /// Closes once the requests already waiting here have their responses (or fail): for a silo that
    /// left the cluster, whose last answers are still on their way.
    /// </summary>
    public void CloseWhenIdle()
    {
        _retiring = true;
        if (_pending.IsEmpty)
        {
            Close();
        }
    }

    /// <summary>Queues a message that expects no response (a response, a pong, a cancel).</summary>
    public void Send(Message message)
    {
        if (!_outbox.Writer.TryWrite(message))
        {
            _ = SendSlowAsync(message);
        }
    }

    private async Task SendSlowAsync(Message message)
    {
        try
        {
            await _outbox.Writer.WriteAsync(message, _closing.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ChannelClosedException or OperationCanceledException)
        {
            // The peer is gone: nobody is left to read this message.
        }
    }

    private async Task WriteLoopAsync()
    {
        Exception? failure = null;
        try
        {
            var reader = _outbox.Reader;
            while (await reader.WaitToReadAsync(_closing.Token).ConfigureAwait(false))
            {
                long unflushed = 0;
                while (unflushed < 256 * 1024 && reader.TryRead(out var message))
                {
                    int size = MessageCodec.GetPayloadSize(message);
                    if (size > _maxMessageSize)
                    {
                        RefuseOversized(message, size);
                        continue;
                    }
                    if (message.Kind is MessageKind.Request or MessageKind.Ping && _pending.TryGetValue(message.Id, out var pending))
                    {
                        pending.Written = true;
                    }
                    MessageCodec.Write(message, size, _writer);
                    unflushed += size;
                    _instruments?.MessageSent(message.Kind, size + MessageCodec.LengthPrefixSize);
                }
                if (unflushed > 0)
                {
                    var flush = await _writer.FlushAsync(_closing.Token).ConfigureAwait(false);
                    if (flush.IsCompleted)
                    {
                        break;
                    }
                }
            }
        }
        catch (Exception exception)
        {
            failure = exception;
        }
        Close(failure);
    }

    private void RefuseOversized(Message message, int size)
    {
        string reason = $"Message of {size} bytes exceeds the limit of {_maxMessageSize} bytes (Messaging:MaxMessageSize).";
        if (message.Kind == MessageKind.Response)
        {
            // The result is too big to return: the caller gets an error instead of a hang.
            Send(message.CreateException(typeof(MessageTooLargeException).FullName!, reason, message.ViewVersion));
        }
        else if (_pending.TryRemove(message.Id, out var pending))
        {
            pending.Completion.TrySetException(new MessageTooLargeException(reason));
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (TryReadFrame(ref buffer, out var frame))
                {
                    Dispatch(Decode(frame));
                }
                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception exception)
        {
            failure = exception;
        }
        Close(failure);
    }

    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (buffer.Length < MessageCodec.LengthPrefixSize)
        {
            return false;
        }
        Span<byte> prefix = stackalloc byte[MessageCodec.LengthPrefixSize];
        buffer.Slice(0, MessageCodec.LengthPrefixSize).CopyTo(prefix);
        int length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length < 0 || length > _maxMessageSize)
        {
            throw new InvalidDataException($"Peer {RemoteEndPoint} sent a frame of {length} bytes; the limit is {_maxMessageSize} (Messaging:MaxMessageSize).");
        }
        if (buffer.Length < MessageCodec.LengthPrefixSize + length)
        {
            return false;
        }
        frame = buffer.Slice(MessageCodec.LengthPrefixSize, length);
        buffer = buffer.Slice(frame.End);
        return true;
    }

    private Message Decode(ReadOnlySequence<byte> frame)
    {
        Message message;
        if (frame.IsSingleSegment)
        {
            message = MessageCodec.Read(frame.FirstSpan);
        }
        else
        {
            byte[] rented = ArrayPool<byte>.Shared.Rent((int)frame.Length);
            try
            {
                frame.CopyTo(rented);
                message = MessageCodec.Read(rented.AsSpan(0, (int)frame.Length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        _instruments?.MessageReceived(message.Kind, (int)frame.Length + MessageCodec.LengthPrefixSize);
        return message;
    }

    private void Dispatch(Message message)
    {
        if (message.Kind is MessageKind.Response or MessageKind.Pong)
        {
            if (_pending.TryGetValue(message.Id, out var pending))
            {
                pending.Completion.TrySetResult(message);
            }
            return;
        }
        if (_handler is null)
        {
            throw new InvalidDataException($"Peer {RemoteEndPoint} sent a {message.Kind} to a client connection.");
        }
        _handler.OnMessage(message, this);
    }

    /// <summary>Closes the connection; waiting requests fail. Idempotent.</summary>
    public void Close(Exception? reason = null)
    {
        if (Interlocked.Exchange(ref _closeStarted, 1) != 0)
        {
            return;
        }
        _outbox.Writer.TryComplete();
        _closing.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
        _socket.Dispose();
        foreach (var (id, pending) in _pending)
        {
            _pending.TryRemove(id, out _);
            Exception failure = pending.Written
                ? new SiloUnavailableException($"Connection to {RemoteEndPoint} was lost while a call was in progress; it may or may not have run.", reason!)
                : new ConnectionFailedException($"Connection to {RemoteEndPoint} was lost before the call was sent.", reason);
            pending.Completion.TrySetException(failure);
        }
        while (_outbox.Reader.TryRead(out _))
        {
        }
        _closed.TrySetResult();
    }

    public ValueTask DisposeAsync()
    {
        Close();
        _closing.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class PendingRequest
    {
        public TaskCompletionSource<Message> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public volatile bool Written;
    }
}
