namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// Gives every request an id: the caller's <c>X-Request-Id</c> when it is a sane token (≤ 128 printable
/// ASCII characters), a new one otherwise. It becomes the trace identifier (in logs and error bodies)
/// and is echoed on the response.
/// </summary>
internal sealed class RequestIds(RequestDelegate next, ILogger<RequestIds> logger)
{
    public const string Header = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        string presented = context.Request.Headers[Header].ToString();
        context.TraceIdentifier = IsSane(presented) ? presented : Guid.NewGuid().ToString("N");
        context.Response.Headers[Header] = context.TraceIdentifier;
        // Every log line of the request carries the id (ASP.NET Core's own scope was opened before it was chosen);
        // TraceId and SpanId come from the host's ActivityTrackingOptions.
        using (logger.BeginScope(new RequestIdScope(context.TraceIdentifier)))
        {
            await next(context);
        }
    }

    /// <summary>The scope's one property, <c>RequestId</c>: structured in JSON logs, <c>RequestId:…</c> in plain text.</summary>
    private sealed class RequestIdScope(string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public KeyValuePair<string, object?> this[int index] => index == 0 ? new("RequestId", requestId) : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => 1;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => "RequestId:" + requestId;
    }

    private static bool IsSane(string value)
    {
        if (value.Length is 0 or > 128)
        {
            return false;
        }
        foreach (char c in value)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }
        return true;
    }
}
