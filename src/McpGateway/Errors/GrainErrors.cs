using OrleansSearch.Runtime;

namespace OrleansSearch.McpGateway.Errors;

/// <summary>Maps what a grain threw to what the caller is told: their mistake (4xx) or ours (5xx).</summary>
internal static class GrainErrors
{
    public static GatewayException Translate(Exception exception) => exception switch
    {
        GatewayException gateway => gateway,
        GrainCallFailedException failed => failed.RemoteExceptionType switch
        {
            "OrleansSearch.Search.Query.QueryParseException" => GatewayException.BadRequest(ErrorCodes.InvalidQuery, failed.RemoteMessage),
            "System.ArgumentException" or "System.ArgumentOutOfRangeException" or "System.ArgumentNullException" or "System.FormatException"
                => GatewayException.BadRequest(ErrorCodes.InvalidArgument, failed.RemoteMessage),
            "System.Collections.Generic.KeyNotFoundException" => GatewayException.NotFound(ErrorCodes.IndexNotFound, failed.RemoteMessage),
            "System.InvalidOperationException" => new GatewayException(409, ErrorCodes.IndexExists, failed.RemoteMessage),
            _ => new GatewayException(500, ErrorCodes.Internal, $"A grain failed ({failed.RemoteExceptionType}); the error is logged with this request's id."),
        },
        GrainCallTimeoutException => new GatewayException(503, ErrorCodes.Unavailable, "The cluster did not answer in time; retry shortly."),
        SiloUnavailableException => new GatewayException(503, ErrorCodes.Unavailable, "A silo went away while serving the request; retry it (writes are idempotent by id)."),
        _ => new GatewayException(500, ErrorCodes.Internal, "Internal error; it is logged with this request's id."),
    };
}
