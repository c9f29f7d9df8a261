using Microsoft.AspNetCore.Http.Features;
using OrleansSearch.McpGateway.Errors;
using OrleansSearch.McpGateway.Querying;

namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// Refuses bodies over <see cref="GatewayLimits.MaxBodyBytes"/> with 413: by the declared length up front,
/// and by counting as the body is read (a chunked body declares none), so no oversized request is ever
/// buffered whole, whatever the server underneath enforces.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, GatewayLimits limits)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > limits.MaxBodyBytes)
        {
            throw TooLarge();
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limits.MaxBodyBytes;
        }
        context.Request.Body = new LimitedStream(context.Request.Body, limits.MaxBodyBytes);
        return next(context);
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
