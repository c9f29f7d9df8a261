namespace OrleansSearch.Runtime;

/// <summary>
/// The method does not change the grain's state, so its turns may interleave with other read-only
/// turns on the same activation (shard queries run in parallel; writes still run alone).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class ReadOnlyAttribute : Attribute;
