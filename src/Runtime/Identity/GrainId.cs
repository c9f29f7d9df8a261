namespace OrleansSearch.Runtime;

/// <summary>A grain's identity: its stable type name and its string key.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";

    /// <summary>A 64-bit hash that every process computes identically (placement depends on it).</summary>
    internal ulong StableHash => StableHashing.Combine(StableHashing.Hash(Type), StableHashing.Hash(Key));
}
