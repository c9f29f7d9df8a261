namespace OrleansSearch.Runtime;

/// <summary>
/// The stable short name of a grain type, used in grain ids, placement and storage rows. Without it the
/// interface name is used, so renaming an interface would orphan its grains' state: name every grain
/// whose state is persisted.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
