namespace OrleansSearch.Runtime;

/// <summary>The grain's turns interleave freely at await points; it guards its own invariants.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute;
