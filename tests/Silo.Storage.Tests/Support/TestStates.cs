namespace OrleansSearch.Silo.Storage.Tests.Support;

/// <summary>Shaped like the catalog grain's state: a sorted set, a get-only collection, and a nested record.</summary>
public sealed class CatalogTestState
{
    public SortedSet<string> Names { get; set; } = new(StringComparer.Ordinal);

    public IndexTestSpec? Latest { get; set; }

    public int Revision { get; set; }

    /// <summary>Get-only: the serializer must fill it rather than leave it empty.</summary>
    public List<string> Owners { get; } = [];
}

/// <summary>A nested positional record with read-only lists, a timestamp with an offset, and an enum.</summary>
public sealed record IndexTestSpec(string Name, IReadOnlyList<string> Fields, IReadOnlyList<int> ShardSizes, DateTimeOffset CreatedAt, IndexTestKind Kind)
{
    public bool Matches(IndexTestSpec? other) =>
        other is not null && other.Name == Name && other.Fields.SequenceEqual(Fields) && other.ShardSizes.SequenceEqual(ShardSizes)
        && other.CreatedAt == CreatedAt && other.CreatedAt.Offset == CreatedAt.Offset && other.Kind == Kind;
}

public enum IndexTestKind
{
    Text,
    Vector,
    Hybrid,
}
