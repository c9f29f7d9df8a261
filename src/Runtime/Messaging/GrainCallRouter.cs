using System.Diagnostics;
using OrleansSearch.Runtime.Activation;
using OrleansSearch.Runtime.Diagnostics;
using OrleansSearch.Runtime.Hosting;
using OrleansSearch.Runtime.Invocation;
using OrleansSearch.Runtime.Membership;
using OrleansSearch.Runtime.Placement;
using OrleansSearch.Runtime.Transport;

namespace OrleansSearch.Runtime.Messaging;

/// <summary>
/// The caller's side of every grain call, shared by silos and clients: serialize, pick the owner from
/// the view, send, await. Rejections (not owner, shutting down, overloaded) and connections that fail
/// before the request leaves are retried on a refreshed view until the deadline; an exception from the
/// grain, a broken connection after sending, or the deadline itself are not (calls are at most once),
/// except that a read-only call is retried after a broken connection too (running it twice changes nothing).
/// </summary>
internal sealed class GrainCallRouter : IGrainCallInvoker, IGrainFactory
{
    private static long s_nextMessageId;

    private readonly MembershipService _membership;
    private readonly ConnectionPool _connections;
    private readonly IMessageSerializer _serializer;
    private readonly MessagingOptions _options;
    private readonly RuntimeInstruments _instruments;
    private readonly ILocalRequestHandler? _local;

    public GrainCallRouter(MembershipService membership, ConnectionPool connections, IMessageSerializer serializer,
        MessagingOptions options, RuntimeInstruments instruments, ILocalRequestHandler? local)
    {
        _membership = membership;
        _connections = connections;
        _serializer = serializer;
        _options = options;
        _instruments = instruments;
        _local = local;
    }

    public static long NextMessageId() => Interlocked.Increment(ref s_nextMessageId);

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var descriptor = GrainInterfaceDescriptor.For(typeof(TGrainInterface));
        return GrainReference.Create<TGrainInterface>(new GrainId(descriptor.GrainType, key), this);
    }

    public async Task<object?> InvokeAsync(GrainId target, GrainMethodDescriptor method, object?[] arguments)
    {
        var travelling = method.TravellingArguments(arguments, out var cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        byte[] body;
        try
        {
            body = _serializer.SerializeArguments(travelling, method.ParameterTypes);
        }
        catch (GrainCallSerializationException exception)
        {
            throw new GrainCallSerializationException($"Cannot call {method.Name} on grain {target}: {exception.Message}", exception);
        }

        var context = CallContext.Current;
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long deadline = now + (long)_options.CallTimeout.TotalMilliseconds;
        if (context is not null && context.DeadlineUnixMs < deadline)
        {
            deadline = context.DeadlineUnixMs;
        }
        var request = new Message
        {
            Kind = MessageKind.Request,
            Target = target,
            MethodId = method.Id,
            Flags = method.IsReadOnly ? MessageFlags.ReadOnly : MessageFlags.None,
            DeadlineUnixMs = deadline,
            CallChain = context?.Chain ?? [],
            Body = body,
        };
        int size = MessageCodec.GetPayloadSize(request);
        if (size > _options.MaxMessageSize)
        {
            throw new MessageTooLargeException(
                $"Call {method.Name} on grain {target} is {size} bytes; the limit is {_options.MaxMessageSize} bytes (Messaging:MaxMessageSize). Nothing was sent.");
        }

        using var activity = RuntimeInstruments.ActivitySource.StartActivity(method.Name, ActivityKind.Client);
        activity?.SetTag("grain.id", target.ToString());
        request.TraceParent = activity?.Id ?? Activity.Current?.Id;
        long started = Stopwatch.GetTimestamp();
        string outcome = "error";
        try
        {
            var response = await SendWithRetriesAsync(request, deadline, cancellationToken).ConfigureAwait(false);
            var result = ReadResponse(response, target, method);
            outcome = "ok";
            return result;
        }
        catch (GrainCallTimeoutException)
        {
            outcome = "timeout";
            throw;
        }
        finally
        {
            _instruments.CallCompleted(target.Type, method.Name, outcome, Stopwatch.GetElapsedTime(started));
            if (outcome != "ok")
            {
                activity?.SetStatus(ActivityStatusCode.Error, outcome);
            }
        }
    }

    private async Task<Message> SendWithRetriesAsync(Message request, long deadline, CancellationToken cancellationToken)
    {
        // The shared deadline token needs no timer of its own; a caller's cancellable token costs a link.
        var deadlineToken = DeadlineTokens.At(deadline);
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadlineToken) : null;
        var token = linked?.Token ?? deadlineToken;
        int attempt = 0;
        string lastProblem = "no silo answered";
        try
        {
            while (true)
            {
                token.ThrowIfCancellationRequested();
                var view = _membership.View;
                request.ViewVersion = view.Version;
                request.Id = NextMessageId();
                var destination = _local is not null && _local.ServesLocally(request.Target) ? _local.Address : RendezvousPlacement.Owner(request.Target, view);
                if (destination is null)
                {
                    lastProblem = "no silo is Active in the membership view";
                }
                else
                {
                    try
                    {
                        var response = await SendAsync(destination, request, token).ConfigureAwait(false);
                        if (response.Status != ResponseStatus.Rejected)
                        {
                            return response;
                        }
                        lastProblem = $"silo {destination} rejected the call ({response.Rejection})";
                        await _membership.RefreshAsync(response.ViewVersion > view.Version ? response.ViewVersion : 0, token).ConfigureAwait(false);
                    }
                    catch (ConnectionFailedException exception)
                    {
                        lastProblem = exception.Message;
                        await _membership.RefreshAsync(0, token).ConfigureAwait(false);
                    }
                    catch (SiloUnavailableException exception) when (request.IsReadOnly)
                    {
                        // A read-only call changes nothing, so running it twice is harmless: retry it
                        // where the grain lives now instead of failing the caller on a silo crash.
                        lastProblem = exception.Message;
                        await _membership.RefreshAsync(0, token).ConfigureAwait(false);
                    }
                }
                attempt++;
                await Task.Delay(Math.Min(10 * attempt, 200), token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GrainCallTimeoutException(
                $"Call to grain {request.Target} did not complete before its deadline ({_options.CallTimeout.TotalSeconds:0.#} s or the caller's); last problem: {lastProblem}.");
        }
    }

    /// <summary>Sends one request to one silo (this one, in-process, or a remote one) and waits for its response.</summary>
    public async Task<Message> SendAsync(SiloAddress destination, Message request, CancellationToken cancellationToken)
    {
        if (_local is not null && destination == _local.Address)
        {
            return await _local.HandleLocalRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }
        var connection = await _connections.GetAsync(destination, cancellationToken).ConfigureAwait(false);
        try
        {
            return await connection.SendRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!connection.IsClosed)
        {
            // Tell the silo to cancel the call's token; the grain decides whether to honour it.
            connection.Send(new Message { Id = request.Id, Kind = MessageKind.Cancel, Target = request.Target });
            throw;
        }
    }

    private object? ReadResponse(Message response, GrainId target, GrainMethodDescriptor method)
    {
        if (response.Status == ResponseStatus.Ok)
        {
            return method.ResultType is null || response.Body.IsEmpty ? null : _serializer.DeserializeValue(response.Body.Span, method.ResultType);
        }
        string type = response.ExceptionType ?? "unknown";
        string message = response.ExceptionMessage ?? "";
        throw type switch
        {
            "OrleansSearch.Runtime.DeadlockException" => new DeadlockException(message),
            "OrleansSearch.Runtime.GrainCallSerializationException" => new GrainCallSerializationException(message),
            "OrleansSearch.Runtime.MessageTooLargeException" => new MessageTooLargeException(message),
            "OrleansSearch.Runtime.UnknownGrainTypeException" => new UnknownGrainTypeException(message),
            "OrleansSearch.Runtime.GrainCallTimeoutException" => new GrainCallTimeoutException(message),
            _ => new GrainCallFailedException(type, message, target, method.Name),
        };
    }
}

/// <summary>The silo side the router needs for calls that stay in this process.</summary>
internal interface ILocalRequestHandler
{
    SiloAddress Address { get; }

    /// <summary>True for stateless workers hosted here: served locally, never routed to an owner.</summary>
    bool ServesLocally(GrainId target);

    Task<Message> HandleLocalRequestAsync(Message request, CancellationToken cancellationToken);
}
