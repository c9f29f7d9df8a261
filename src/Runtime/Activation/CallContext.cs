namespace OrleansSearch.Runtime.Activation;

/// <summary>
/// What a running turn passes on to the calls it makes: the call chain (for cycle detection) and the
/// deadline (nested calls never outlive their caller). Flows with the async context of the turn.
/// </summary>
internal sealed class CallContext
{
    private static readonly AsyncLocal<CallContext?> CurrentContext = new();

    public CallContext(string[] chain, long deadlineUnixMs)
    {
        Chain = chain;
        DeadlineUnixMs = deadlineUnixMs;
    }

    public static CallContext? Current
    {
        get => CurrentContext.Value;
        set => CurrentContext.Value = value;
    }

    /// <summary>Grains waiting on this turn, outermost first, ending with the grain running it.</summary>
    public string[] Chain { get; }

    public long DeadlineUnixMs { get; }

    /// <summary>The chain of a turn of <paramref name="grain"/> called through <paramref name="callerChain"/>.</summary>
    public static string[] Extend(string[] callerChain, GrainId grain)
    {
        var chain = new string[callerChain.Length + 1];
        callerChain.CopyTo(chain, 0);
        chain[^1] = grain.ToString();
        return chain;
    }
}
