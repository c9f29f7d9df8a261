namespace OrleansSearch.Runtime;

/// <summary>
/// On a grain constructor parameter of type <see cref="IPersistentState{TState}"/>: the runtime supplies
/// the state named <see cref="StateName"/>, already read, before <see cref="Grain.OnActivateAsync"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName) : Attribute
{
    public string StateName { get; } = stateName;
}
