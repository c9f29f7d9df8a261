namespace OrleansSearch.McpGateway.Hosting;

/// <summary>
/// Gives every request an id: the caller's <c>X-Request-Id</c> when it is a sane token (≤ 128 printable
/// ASCII characters), a new one otherwise. It becomes the trace identifier (in logs and error bodies)
/// and is echoed on the response.
/// </summary>
internal sealed class RequestIds(RequestDelegate next)
{
    public const string Header = "X-Request-Id";

    public Task InvokeAsync(HttpContext context)
    {
        string presented = context.Request.Headers[Header].ToString();
        context.TraceIdentifier = IsSane(presented) ? presented : Guid.NewGuid().ToString("N");
        context.Response.Headers[Header] = context.TraceIdentifier;
        return next(context);
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
