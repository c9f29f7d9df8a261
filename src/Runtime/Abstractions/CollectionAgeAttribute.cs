namespace OrleansSearch.Runtime;

/// <summary>How long an activation of this grain class may stay idle before the collector deactivates it.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class CollectionAgeAttribute(double seconds) : Attribute
{
    public TimeSpan Age { get; } = TimeSpan.FromSeconds(seconds);
}
