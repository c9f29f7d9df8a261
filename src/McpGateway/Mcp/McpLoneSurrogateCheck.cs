using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace OrleansSearch.McpGateway.Mcp;

/// <summary>
/// The incoming-message filter that answers a request whose params hold a lone UTF-16 surrogate (a "\ud800"
/// escape with no partner: valid JSON, but no .NET string can hold it) with JSON-RPC -32602 naming where it
/// is, logged once at Information. Without it the SDK fails while binding the params and answers -32603
/// with a warning and a stack trace, as if the server were at fault.
/// </summary>
internal sealed class McpLoneSurrogateCheck(ILogger<McpLoneSurrogateCheck> logger)
{
    private const int MaxDepth = 64;

    public McpMessageHandler Filter(McpMessageHandler next) => (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is JsonRpcRequest { Params: { } parameters } request && FindLoneSurrogate(parameters, "params", 0) is { } path)
        {
            var requestId = context.Services?.GetService<IHttpContextAccessor>()?.HttpContext?.TraceIdentifier ?? request.Id.ToString();
            var message = $"Invalid params: {path} contains a lone UTF-16 surrogate (an unpaired \\uD800-\\uDFFF escape); send valid Unicode text.";
            logger.RequestRefused(requestId, request.Method, (int)McpErrorCode.InvalidParams, message);
            throw new McpProtocolException(message, McpErrorCode.InvalidParams);
        }
        return next(context, cancellationToken);
    };

    /// <summary>The path of the first string or property name that cannot be read as UTF-16, or null.</summary>
    private static string? FindLoneSurrogate(JsonNode? node, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }
        switch (node)
        {
            case JsonObject obj:
                List<KeyValuePair<string, JsonNode?>> properties;
                try
                {
                    properties = [.. obj];
                }
                catch (InvalidOperationException)
                {
                    return $"a property name in {path}";
                }
                foreach (var (name, value) in properties)
                {
                    var childPath = $"{path}.{name}";
                    if (HasLoneSurrogate(name))
                    {
                        return $"a property name in {path}";
                    }
                    if (FindLoneSurrogate(value, childPath, depth + 1) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    if (FindLoneSurrogate(array[i], $"{path}[{i}]", depth + 1) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                try
                {
                    return HasLoneSurrogate(value.GetValue<string>()) ? path : null;
                }
                catch (InvalidOperationException)
                {
                    return path;
                }
            default:
                return null;
        }
    }

    /// <summary>Whether <paramref name="text"/> holds a surrogate without its pair (not encodable as UTF-8).</summary>
    internal static bool HasLoneSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }
        return false;
    }
}
