namespace OrleansSearch.Tests.Support.Load;

/// <summary>One kind of request an open-loop run sends (a REST search, an MCP search, a write).</summary>
public interface ILoadOperation
{
    /// <summary>How reports name it: <c>rest-search</c>, <c>mcp-search</c>, <c>write</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Sends request number <paramref name="sequence"/> of this operation and reads the whole answer. Returns the
    /// outcome's kind and, when failed, why; transport errors and timeouts are the caller's to classify.
    /// </summary>
    Task<(OutcomeKind Kind, string? Failure)> SendAsync(HttpClient http, long sequence, CancellationToken cancellationToken);
}
