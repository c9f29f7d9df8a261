using Microsoft.AspNetCore.Http.Features;
using OrleansSearch.McpGateway.Errors;
using OrleansSearch.McpGateway.Querying;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// Refuses bodies over <see cref="GatewayLimits.MaxBodyBytes"/> with 413: by the declared length up front,
/// and by counting as the body is read (a chunked body declares none), so no oversized request is ever
/// buffered whole, whatever the server underneath enforces. A body declared too large (up to
/// <see cref="MaxDrainBytes"/>) is read and discarded first, so the client can read the 413.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, GatewayLimits limits)
{
    /// <summary>
    /// Most bytes read and discarded from a body declared too large before the 413, so a client still sending can
    /// read the answer instead of a reset connection; a larger body is not worth reading, and its connection closes.
    /// </summary>
    public const long MaxDrainBytes = 16 * 1024 * 1024;

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength is long declared && declared > limits.MaxBodyBytes)
        {
            await DrainAsync(context, declared);
            throw TooLarge();
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limits.MaxBodyBytes;
        }
        context.Request.Body = new LimitedStream(context.Request.Body, limits.MaxBodyBytes);
        await next(context);
    }

    private static async Task DrainAsync(HttpContext context, long declared)
    {
        if (declared > MaxDrainBytes || context.Features.Get<IHttpMaxRequestBodySizeFeature>() is not { IsReadOnly: false } feature)
        {
            return;
        }
        // Kestrel's limit is MaxBodyBytes: lift it for this request only, to read what the client sends anyway.
        feature.MaxRequestBodySize = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(DrainTimeout);
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (await context.Request.Body.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // A client that stops sending gets its 413 anyway (or a closed connection).
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static GatewayException TooLarge() => new(413, ErrorCodes.PayloadTooLarge, "The request body is larger than the gateway accepts (Limits:MaxBodyBytes).");

    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw TooLarge() : read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
