using Orleans.Runtime;
using OrleansSearch.Grains;

namespace OrleansSearch.McpGateway.Errors;

/// <summary>
/// Maps what a grain call threw to what the caller is told, by type: the typed request errors the grains
/// throw are the client's mistake (4xx); a cluster that cannot be reached is a 503; anything else is ours, a
/// 500 that never pretends to be the client's fault.
/// </summary>
internal static class GrainErrors
{
    public static GatewayException Translate(Exception exception) => exception switch
    {
        GatewayException gateway => gateway,
        IndexNotFoundException notFound => GatewayException.NotFound(ErrorCodes.IndexNotFound, notFound.Message),
        IndexExistsException exists => new GatewayException(409, ErrorCodes.IndexExists, exists.Message),
        InvalidQueryException query => GatewayException.BadRequest(ErrorCodes.InvalidQuery, query.Message),
        InvalidArgumentException argument => GatewayException.BadRequest(ErrorCodes.InvalidArgument, argument.Message),
        TimeoutException => new GatewayException(503, ErrorCodes.Unavailable, "The cluster did not answer in time; retry shortly.", inner: exception),
        // A silo shedding load (LoadSheddingOptions) refuses the gateway's calls: the same 503 the gateway's own admission limit gives.
        GatewayTooBusyException => GatewayException.Overloaded("The cluster is shedding load; retry after the delay.", exception),
        OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException or ClientNotAvailableException
            => new GatewayException(503, ErrorCodes.Unavailable, "A silo went away while serving the request; retry it (writes are idempotent by id).", inner: exception),
        // Two activations raced on the same stored state during a membership change; the retry lands on the survivor.
        Orleans.Storage.InconsistentStateException => new GatewayException(503, ErrorCodes.Unavailable, "The cluster was moving this index's state; retry the request.", inner: exception),
        _ => new GatewayException(500, ErrorCodes.Internal, "Internal error; it is logged with this request's id.", inner: exception),
    };
}
