namespace OrleansSearch.Gateway.Bench;

/// <summary>Something that answers the workload's searches: the engine in-process, or the gateway over REST or MCP.</summary>
internal interface ISearchTarget
{
    string Name { get; }

    /// <summary>Runs one search; false when the answer is an error (measured, but counted instead of timed).</summary>
    ValueTask<bool> SearchAsync(int query);

    /// <summary>Runs one search and returns the ids of its hits, for the check before measuring; throws on an error.</summary>
    Task<IReadOnlyList<string>> HitIdsAsync(int query);
}
