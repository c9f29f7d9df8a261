namespace OrleansSearch.Tests.Support.Load;

/// <summary>
/// One operation sent at a fixed rate; request <c>n</c> goes to <c>Clients[n % Clients.Count]</c>, so a stream
/// spreads evenly over several gateways.
/// </summary>
public sealed record LoadStream(ILoadOperation Operation, double PerSecond, IReadOnlyList<HttpClient> Clients)
{
    public double PerSecond { get; } = PerSecond > 0 ? PerSecond : throw new ArgumentOutOfRangeException(nameof(PerSecond), PerSecond, "A stream's rate must be above 0 per second.");
}
