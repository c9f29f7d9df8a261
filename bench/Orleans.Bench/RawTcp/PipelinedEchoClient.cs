using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace OrleansSearch.Orleans.Bench.RawTcp;

/// <summary>
/// One loopback connection shared by every worker, as an Orleans client shares its gateway connection: each worker
/// has one request in flight under its own id; a writer loop sends all queued requests in one write, a reader loop
/// completes each worker's call when its answer arrives.
/// </summary>
internal sealed class PipelinedEchoClient : IAsyncDisposable
{
    private const int BufferSize = 256 * 1024;
    private readonly Socket _socket;
    private readonly byte[] _payload;
    private readonly TaskCompletionSource<byte[]>?[] _pending;
    private readonly Channel<int> _queued = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writing;
    private readonly Task _reading;

    private PipelinedEchoClient(Socket socket, byte[] payload, int maxWorkers)
    {
        _socket = socket;
        _payload = payload;
        _pending = new TaskCompletionSource<byte[]>?[maxWorkers];
        _writing = Task.Run(WriteAsync);
        _reading = Task.Run(ReadAsync);
    }

    public static async Task<PipelinedEchoClient> ConnectAsync(IPEndPoint server, byte[] payload, int maxWorkers)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server);
        return new PipelinedEchoClient(socket, payload, maxWorkers);
    }

    /// <summary>Sends the payload as request <paramref name="worker"/> and returns the echoed bytes.</summary>
    public Task<byte[]> EchoAsync(int worker)
    {
        var answer = new TaskCompletionSource<byte[]>();
        _pending[worker] = answer;
        _queued.Writer.TryWrite(worker);
        return answer.Task;
    }

    private async Task WriteAsync()
    {
        var buffer = new byte[BufferSize];
        int frameSize = EchoFrames.HeaderSize + _payload.Length;
        try
        {
            while (await _queued.Reader.WaitToReadAsync(_stop.Token))
            {
                int written = 0;
                while (written + frameSize <= buffer.Length && _queued.Reader.TryRead(out int worker))
                {
                    written += EchoFrames.Write(buffer.AsSpan(written), worker, _payload);
                }
                await EchoServer.SendAllAsync(_socket, buffer.AsMemory(0, written), _stop.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException)
        {
        }
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[BufferSize];
        int filled = 0;
        try
        {
            while (true)
            {
                int read = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }
                filled += read;
                int consumed = 0;
                int size;
                while ((size = EchoFrames.TryFrameSize(buffer.AsSpan(consumed, filled - consumed))) > 0)
                {
                    var frame = buffer.AsSpan(consumed, size);
                    int worker = EchoFrames.RequestId(frame);
                    // The copy is the deserialization this baseline does: the caller gets its own bytes, as a grain caller does.
                    byte[] echoed = frame[EchoFrames.HeaderSize..].ToArray();
                    consumed += size;
                    var answer = _pending[worker]!;
                    _pending[worker] = null;
                    answer.SetResult(echoed);
                }
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Shutdown(SocketShutdown.Both);
        _socket.Dispose();
        await Task.WhenAll(_writing, _reading);
        _stop.Dispose();
    }
}
