namespace OrleansSearch.Runtime.Diagnostics.Prometheus;

/// <summary>
/// Compares a measurement's tag span with stored <see cref="TagSet"/>s without copying the span, so a
/// measurement on a known series allocates nothing (the alternate-key lookup of ConcurrentDictionary).
/// </summary>
internal sealed class TagSetComparer : IEqualityComparer<TagSet>, IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, TagSet>
{
    public static readonly TagSetComparer Instance = new();

    private TagSetComparer()
    {
    }

    /// <summary>Order-independent: the sum of the pairs' hashes.</summary>
    public static int Hash(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        int hash = tags.Length;
        foreach (var tag in tags)
        {
            hash = unchecked(hash + HashCode.Combine(tag.Key, tag.Value));
        }
        return hash;
    }

    public bool Equals(TagSet? x, TagSet? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.Hash == y.Hash && SameTags(x.Tags, y.Tags));

    public int GetHashCode(TagSet obj) => obj.Hash;

    public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, TagSet other) => SameTags(alternate, other.Tags);

    public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => Hash(alternate);

    public TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => new(alternate.ToArray());

    // Tag lists are a handful of entries: a nested scan beats sorting or hashing them.
    private static bool SameTags(ReadOnlySpan<KeyValuePair<string, object?>> left, ReadOnlySpan<KeyValuePair<string, object?>> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }
        foreach (var tag in left)
        {
            bool found = false;
            foreach (var candidate in right)
            {
                if (string.Equals(tag.Key, candidate.Key, StringComparison.Ordinal))
                {
                    found = Equals(tag.Value, candidate.Value);
                    break;
                }
            }
            if (!found)
            {
                return false;
            }
        }
        return true;
    }
}
