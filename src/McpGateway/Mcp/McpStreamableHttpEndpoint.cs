using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace OrleansSearch.McpGateway.Mcp;

/// <summary>
/// The MCP Streamable HTTP transport (revisions 2025-03-26 to 2025-11-25) on one path: POST carries
/// client messages and answers requests with an SSE stream, GET opens the server-to-client stream of a
/// session, DELETE ends a session. HTTP rules are checked here, before any MCP server sees a message;
/// refusals answer with a JSON-RPC error body carrying the request id.
/// </summary>
internal sealed class McpStreamableHttpEndpoint(
    IOptions<McpEndpointOptions> endpointOptions,
    IOptions<McpServerOptions> serverOptions,
    McpSessionStore sessions,
    McpRequestServices requestServices,
    ILoggerFactory loggerFactory)
{
    private const int MaxRequestIdLength = 128;
    private readonly McpEndpointOptions _options = endpointOptions.Value;
    private readonly ILogger _logger = loggerFactory.CreateLogger<McpStreamableHttpEndpoint>();
    private readonly CancellationQuietLoggerFactory _sdkLoggerFactory = new(loggerFactory);

    public async Task HandlePostAsync(HttpContext http)
    {
        if (!await CheckCommonRulesAsync(http).ConfigureAwait(false))
        {
            return;
        }
        if (!AcceptsBoth(http.Request.Headers.Accept))
        {
            await RefuseAsync(http, StatusCodes.Status406NotAcceptable, JsonRpcErrorResponse.InvalidRequest,
                "Not Acceptable: the Accept header must list both application/json and text/event-stream.").ConfigureAwait(false);
            return;
        }
        if (!IsJsonContentType(http.Request.ContentType))
        {
            await RefuseAsync(http, StatusCodes.Status415UnsupportedMediaType, JsonRpcErrorResponse.InvalidRequest,
                "Unsupported Media Type: the Content-Type must be application/json.").ConfigureAwait(false);
            return;
        }
        var message = await ReadMessageAsync(http).ConfigureAwait(false);
        if (message is null)
        {
            return;
        }
        McpRequestServices.Attach(message, http);

        if (_options.Stateless)
        {
            await HandleStatelessPostAsync(http, message).ConfigureAwait(false);
            return;
        }

        McpHttpSession? session;
        var sessionId = http.Request.Headers[McpHttpHeaders.SessionId].ToString();
        if (sessionId.Length == 0)
        {
            if (message is not JsonRpcRequest { Method: RequestMethods.Initialize })
            {
                await RefuseAsync(http, StatusCodes.Status400BadRequest, JsonRpcErrorResponse.InvalidRequest,
                    $"Bad Request: the {McpHttpHeaders.SessionId} header is required on every request but initialize.").ConfigureAwait(false);
                return;
            }
            session = sessions.TryCreate();
            if (session is null)
            {
                _logger.SessionLimitReached(_options.MaxSessions, http.TraceIdentifier);
                http.Response.Headers.RetryAfter = "5";
                await RefuseAsync(http, StatusCodes.Status503ServiceUnavailable, JsonRpcErrorResponse.ServerError,
                    $"Service Unavailable: the gateway holds its maximum of {_options.MaxSessions} MCP sessions; retry later.").ConfigureAwait(false);
                return;
            }
        }
        else
        {
            session = await FindSessionAsync(http, sessionId).ConfigureAwait(false);
            if (session is null)
            {
                return;
            }
        }

        if (!session.TryBeginRequest())
        {
            await RefuseUnknownSessionAsync(http).ConfigureAwait(false);
            return;
        }
        try
        {
            http.Response.Headers[McpHttpHeaders.SessionId] = session.Id;
            if (message is JsonRpcRequest request)
            {
                var cancellation = session.TrackPost(request.Id, http.RequestAborted);
                try
                {
                    await ForwardPostAsync(http, session.Transport, message, cancellation.Token).ConfigureAwait(false);
                }
                finally
                {
                    session.UntrackPost(request.Id, cancellation);
                }
            }
            else
            {
                await ForwardPostAsync(http, session.Transport, message, http.RequestAborted).ConfigureAwait(false);
                if (message is JsonRpcNotification { Method: NotificationMethods.CancelledNotification } cancelled
                    && TryReadCancelledRequestId(cancelled) is { } cancelledId)
                {
                    session.CancelPost(cancelledId);
                }
            }
        }
        finally
        {
            session.EndRequest();
        }
    }

    /// <summary>The rules GET and DELETE share: the common header checks, and sessions must exist (stateful mode).</summary>
    private async Task<bool> CheckSessionMethodAsync(HttpContext http, string statelessReason)
    {
        if (!await CheckCommonRulesAsync(http).ConfigureAwait(false))
        {
            return false;
        }
        if (_options.Stateless)
        {
            await RefuseMethodAsync(http, statelessReason).ConfigureAwait(false);
            return false;
        }
        return true;
    }

    public async Task HandleGetAsync(HttpContext http)
    {
        if (!await CheckSessionMethodAsync(http, "a stateless endpoint offers no standalone server-to-client stream").ConfigureAwait(false))
        {
            return;
        }
        if (!Accepts(http.Request.Headers.Accept, "text/event-stream"))
        {
            await RefuseAsync(http, StatusCodes.Status406NotAcceptable, JsonRpcErrorResponse.InvalidRequest,
                "Not Acceptable: the Accept header must list text/event-stream.").ConfigureAwait(false);
            return;
        }
        var session = await FindRequiredSessionAsync(http).ConfigureAwait(false);
        if (session is null)
        {
            return;
        }
        if (!session.TryBeginRequest())
        {
            await RefuseUnknownSessionAsync(http).ConfigureAwait(false);
            return;
        }
        try
        {
            if (!session.TryOpenGetStream())
            {
                await RefuseAsync(http, StatusCodes.Status409Conflict, JsonRpcErrorResponse.InvalidRequest,
                    "Conflict: this session already has an open GET stream.").ConfigureAwait(false);
                return;
            }
            try
            {
                http.Response.Headers[McpHttpHeaders.SessionId] = session.Id;
                StartEventStream(http.Response);
                await http.Response.Body.FlushAsync(http.RequestAborted).ConfigureAwait(false);
                await session.Transport.HandleGetRequestAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                _logger.ClientWentAway(http.TraceIdentifier);
            }
            finally
            {
                session.CloseGetStream();
            }
        }
        finally
        {
            session.EndRequest();
        }
    }

    public async Task HandleDeleteAsync(HttpContext http)
    {
        if (!await CheckSessionMethodAsync(http, "a stateless endpoint has no sessions to end").ConfigureAwait(false))
        {
            return;
        }
        var sessionId = http.Request.Headers[McpHttpHeaders.SessionId].ToString();
        if (sessionId.Length == 0)
        {
            await RefuseAsync(http, StatusCodes.Status400BadRequest, JsonRpcErrorResponse.InvalidRequest,
                $"Bad Request: DELETE needs the {McpHttpHeaders.SessionId} header of the session to end.").ConfigureAwait(false);
            return;
        }
        if (!await sessions.EndAsync(sessionId, "deleted by the client").ConfigureAwait(false))
        {
            await RefuseUnknownSessionAsync(http).ConfigureAwait(false);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task HandleStatelessPostAsync(HttpContext http, JsonRpcMessage message)
    {
        // A server for this one request: nothing outlives the response, so any replica can take the next one.
        var transport = new StreamableHttpServerTransport(_sdkLoggerFactory) { Stateless = true, FlowExecutionContextFromRequests = true };
        await using (transport.ConfigureAwait(false))
        {
            var server = McpServer.Create(transport, serverOptions.Value, _sdkLoggerFactory, requestServices);
            await using (server.ConfigureAwait(false))
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
                var run = server.RunAsync(stop.Token);
                try
                {
                    await ForwardPostAsync(http, transport, message, http.RequestAborted).ConfigureAwait(false);
                }
                finally
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                    try
                    {
                        await run.ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            }
        }
    }

    private async Task ForwardPostAsync(HttpContext http, StreamableHttpServerTransport transport, JsonRpcMessage message, CancellationToken cancellationToken)
    {
        if (message is JsonRpcRequest)
        {
            StartEventStream(http.Response);
        }
        try
        {
            var wroteResponse = await transport.HandlePostRequestAsync(message, http.Response.Body, cancellationToken).ConfigureAwait(false);
            if (!wroteResponse && !http.Response.HasStarted)
            {
                // Notifications and responses need no answer but an acknowledgement.
                http.Response.Headers.ContentType = default;
                http.Response.Headers.CacheControl = default;
                http.Response.StatusCode = StatusCodes.Status202Accepted;
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            _logger.ClientWentAway(http.TraceIdentifier);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _logger.RequestCancelledByClient(http.TraceIdentifier);
        }
        catch (Exception exception) when (!http.Response.HasStarted)
        {
            _logger.RequestFailed(exception, http.TraceIdentifier);
            await JsonRpcErrorResponse.WriteAsync(http, StatusCodes.Status500InternalServerError, (int)McpErrorCode.InternalError,
                "Internal error while handling the MCP message.").ConfigureAwait(false);
        }
    }

    private static RequestId? TryReadCancelledRequestId(JsonRpcNotification cancelled)
    {
        try
        {
            return cancelled.Params?["requestId"]?.Deserialize(McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(RequestId))) as RequestId?;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Request id, Origin and MCP-Protocol-Version: the rules every method shares.</summary>
    private async Task<bool> CheckCommonRulesAsync(HttpContext http)
    {
        AdoptRequestId(http);
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsAllowedOrigin(origin))
        {
            await RefuseAsync(http, StatusCodes.Status403Forbidden, JsonRpcErrorResponse.InvalidRequest,
                $"Forbidden: origin '{origin}' is not allowed to call this MCP endpoint.").ConfigureAwait(false);
            return false;
        }
        var version = http.Request.Headers[McpHttpHeaders.ProtocolVersion].ToString();
        if (version.Length > 0 && !McpHttpHeaders.IsSupportedProtocolVersion(version))
        {
            await RefuseAsync(http, StatusCodes.Status400BadRequest, JsonRpcErrorResponse.UnsupportedProtocolVersion,
                $"Bad Request: unsupported {McpHttpHeaders.ProtocolVersion} '{version}'; supported: {string.Join(", ", McpHttpHeaders.SupportedProtocolVersions)}.",
                writer =>
                {
                    writer.WriteStartArray("supported");
                    foreach (var supported in McpHttpHeaders.SupportedProtocolVersions)
                    {
                        writer.WriteStringValue(supported);
                    }
                    writer.WriteEndArray();
                    writer.WriteString("requested", version);
                }).ConfigureAwait(false);
            return false;
        }
        return true;
    }

    /// <summary>
    /// Makes HttpContext.TraceIdentifier the request id of record: a well-formed X-Request-Id from the
    /// client wins (the gateway's middleware may already have done this), and the id is echoed back.
    /// </summary>
    private static void AdoptRequestId(HttpContext http)
    {
        var supplied = http.Request.Headers[McpHttpHeaders.RequestId].ToString();
        if (supplied.Length is > 0 and <= MaxRequestIdLength && IsPrintableAscii(supplied))
        {
            http.TraceIdentifier = supplied;
        }
        http.Response.Headers[McpHttpHeaders.RequestId] = http.TraceIdentifier;
    }

    private static bool IsPrintableAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }
        return true;
    }

    private bool IsAllowedOrigin(string origin)
    {
        if (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && (uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }
        foreach (var allowed in _options.AllowedOrigins)
        {
            if (string.Equals(allowed, origin, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Reads and parses the body under the size limit; on any failure the refusal is already written and null returned.</summary>
    private async Task<JsonRpcMessage?> ReadMessageAsync(HttpContext http)
    {
        var limit = _options.MaxRequestBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            await RefuseTooLargeAsync(http).ConfigureAwait(false);
            return null;
        }
        var sizeFeature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        var reader = http.Request.BodyReader;
        ReadResult read;
        try
        {
            while (true)
            {
                read = await reader.ReadAsync(http.RequestAborted).ConfigureAwait(false);
                if (read.Buffer.Length > limit)
                {
                    reader.AdvanceTo(read.Buffer.End);
                    await RefuseTooLargeAsync(http).ConfigureAwait(false);
                    return null;
                }
                if (read.IsCompleted)
                {
                    break;
                }
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await RefuseTooLargeAsync(http).ConfigureAwait(false);
            return null;
        }

        try
        {
            return await ParseAsync(http, read.Buffer).ConfigureAwait(false);
        }
        finally
        {
            reader.AdvanceTo(read.Buffer.End);
        }
    }

    private async Task<JsonRpcMessage?> ParseAsync(HttpContext http, ReadOnlySequence<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            await RefuseAsync(http, StatusCodes.Status400BadRequest, JsonRpcErrorResponse.ParseError,
                $"Parse error: the body is not valid JSON ({exception.Message}).").ConfigureAwait(false);
            return null;
        }
        using (document)
        {
            string? problem = null;
            JsonRpcMessage? message = null;
            if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                problem = "JSON-RPC batches are not supported (removed in MCP 2025-06-18); send one message per POST";
            }
            else if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = "the body must be a JSON-RPC message object";
            }
            else
            {
                try
                {
                    message = document.RootElement.Deserialize(McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage))) as JsonRpcMessage;
                    if (message is null)
                    {
                        problem = "the body is not a JSON-RPC message";
                    }
                    else if (message.JsonRpc != "2.0")
                    {
                        problem = $"jsonrpc must be \"2.0\", not \"{message.JsonRpc}\"";
                    }
                }
                catch (JsonException exception)
                {
                    problem = $"the body is not a JSON-RPC 2.0 request, notification or response ({exception.Message})";
                }
            }
            if (problem is not null)
            {
                await RefuseAsync(http, StatusCodes.Status400BadRequest, JsonRpcErrorResponse.InvalidRequest, $"Invalid Request: {problem}.").ConfigureAwait(false);
                return null;
            }
            return message;
        }
    }

    private async Task<McpHttpSession?> FindRequiredSessionAsync(HttpContext http)
    {
        var sessionId = http.Request.Headers[McpHttpHeaders.SessionId].ToString();
        if (sessionId.Length == 0)
        {
            await RefuseAsync(http, StatusCodes.Status400BadRequest, JsonRpcErrorResponse.InvalidRequest,
                $"Bad Request: the {McpHttpHeaders.SessionId} header is required.").ConfigureAwait(false);
            return null;
        }
        return await FindSessionAsync(http, sessionId).ConfigureAwait(false);
    }

    private async Task<McpHttpSession?> FindSessionAsync(HttpContext http, string sessionId)
    {
        var session = sessions.Find(sessionId);
        if (session is null)
        {
            await RefuseUnknownSessionAsync(http).ConfigureAwait(false);
        }
        return session;
    }

    private Task RefuseUnknownSessionAsync(HttpContext http) =>
        RefuseAsync(http, StatusCodes.Status404NotFound, JsonRpcErrorResponse.SessionNotFound,
            "Not Found: the MCP session does not exist or has expired; start a new one with initialize.");

    private Task RefuseTooLargeAsync(HttpContext http) =>
        RefuseAsync(http, StatusCodes.Status413PayloadTooLarge, JsonRpcErrorResponse.InvalidRequest,
            $"Payload Too Large: the body exceeds {_options.MaxRequestBodyBytes} bytes.");

    private Task RefuseMethodAsync(HttpContext http, string reason)
    {
        http.Response.Headers.Allow = _options.Stateless ? "POST" : "GET, POST, DELETE";
        return RefuseAsync(http, StatusCodes.Status405MethodNotAllowed, JsonRpcErrorResponse.InvalidRequest, $"Method Not Allowed: {reason}.");
    }

    private Task RefuseAsync(HttpContext http, int statusCode, int code, string message, Action<Utf8JsonWriter>? writeExtraData = null)
    {
        _logger.RequestRefused(http.TraceIdentifier, statusCode, message);
        return JsonRpcErrorResponse.WriteAsync(http, statusCode, code, message, writeExtraData);
    }

    private static void StartEventStream(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache, no-store";
        // Proxies that buffer (nginx) would hold events back until the stream ends.
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    private static bool AcceptsBoth(Microsoft.Extensions.Primitives.StringValues accept) =>
        Accepts(accept, "application/json") && Accepts(accept, "text/event-stream");

    private static bool Accepts(Microsoft.Extensions.Primitives.StringValues accept, string mediaType)
    {
        if (!MediaTypeHeaderValue.TryParseList(accept, out var values))
        {
            return false;
        }
        var wanted = new MediaTypeHeaderValue(mediaType);
        foreach (var value in values)
        {
            if (wanted.IsSubsetOf(value))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsJsonContentType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
}
