using System.Collections.Frozen;
using OrleansSearch.Runtime.Hosting;
using OrleansSearch.Runtime.Invocation;

namespace OrleansSearch.Runtime.Activation;

/// <summary>The grain classes a silo hosts, by grain type name: each grain interface a class implements is a grain type it serves.</summary>
internal sealed class GrainTypeRegistry
{
    private readonly FrozenDictionary<string, GrainClassDescriptor> _byType;

    public GrainTypeRegistry(IEnumerable<Type> grainClasses, GrainCollectionOptions collection)
    {
        var byType = new Dictionary<string, GrainClassDescriptor>(StringComparer.Ordinal);
        foreach (var grainClass in grainClasses)
        {
            if (!typeof(Grain).IsAssignableFrom(grainClass) || grainClass.IsAbstract)
            {
                throw new ArgumentException($"{grainClass.FullName} is not a concrete class derived from Grain.");
            }
            foreach (var grainInterface in grainClass.GetInterfaces())
            {
                if (grainInterface == typeof(IGrainWithStringKey) || !typeof(IGrainWithStringKey).IsAssignableFrom(grainInterface))
                {
                    continue;
                }
                var descriptor = new GrainClassDescriptor(grainClass, GrainInterfaceDescriptor.For(grainInterface), collection);
                if (!byType.TryAdd(descriptor.GrainType, descriptor))
                {
                    throw new ArgumentException($"Grain type '{descriptor.GrainType}' is implemented by both {byType[descriptor.GrainType].GrainClass.Name} and {grainClass.Name}.");
                }
            }
        }
        _byType = byType.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public bool TryGet(string grainType, out GrainClassDescriptor descriptor) => _byType.TryGetValue(grainType, out descriptor!);

    public IEnumerable<string> GrainTypes => _byType.Keys;

    /// <summary>Grain types whose calls any silo serves locally, so callers need not route them to an owner.</summary>
    public bool IsStatelessWorker(string grainType) => _byType.TryGetValue(grainType, out var descriptor) && descriptor.IsStatelessWorker;
}
