namespace OrleansSearch.Orleans.Bench;

/// <summary>One way of making the echo call: raw TCP, or an Orleans grain call along one path.</summary>
internal interface ICallTarget
{
    string Name { get; }

    /// <summary>One round trip for <paramref name="worker"/> (each worker has its own grain or request id); returns the echoed bytes.</summary>
    Task<byte[]> CallAsync(int worker);
}
