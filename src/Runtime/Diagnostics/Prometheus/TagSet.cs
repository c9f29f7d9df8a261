namespace OrleansSearch.Runtime.Diagnostics.Prometheus;

/// <summary>
/// The tags of one series, copied once when the series is first seen. Equality ignores tag order, so
/// callers that build the same tags in another order update the same series.
/// </summary>
internal sealed class TagSet(KeyValuePair<string, object?>[] tags)
{
    public KeyValuePair<string, object?>[] Tags { get; } = tags;

    public int Hash { get; } = TagSetComparer.Hash(tags);
}
