namespace OrleansSearch.Silo;

/// <summary>Extra grain assemblies to host, by path. Configuration section <c>Grains</c>.</summary>
public sealed class GrainAssemblyOptions
{
    /// <summary>Paths of assemblies whose grain classes this silo hosts besides its built-in ones.</summary>
    public List<string> Assemblies { get; } = [];
}
