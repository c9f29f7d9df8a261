using System.Reflection;
using OrleansSearch.Runtime.Invocation;
using OrleansSearch.Runtime.Hosting;

namespace OrleansSearch.Runtime.Activation;

/// <summary>How to build and schedule activations of one grain class serving one grain interface.</summary>
internal sealed class GrainClassDescriptor
{
    public GrainClassDescriptor(Type grainClass, GrainInterfaceDescriptor grainInterface, GrainCollectionOptions collection)
    {
        GrainClass = grainClass;
        Interface = grainInterface;
        IsReentrant = grainClass.IsDefined(typeof(ReentrantAttribute), inherit: true);
        CollectionAge = grainClass.GetCustomAttribute<CollectionAgeAttribute>(inherit: true)?.Age ?? collection.CollectionAge;
        var worker = grainClass.GetCustomAttribute<StatelessWorkerAttribute>(inherit: true);
        MaxLocalWorkers = worker is null ? 0 : worker.MaxLocalActivations > 0 ? worker.MaxLocalActivations : Environment.ProcessorCount;
        var constructors = grainClass.GetConstructors();
        if (constructors.Length != 1)
        {
            throw new ArgumentException($"Grain class {grainClass.Name} must have exactly one public constructor; it has {constructors.Length}.");
        }
        Constructor = constructors[0];
    }

    public Type GrainClass { get; }
    public GrainInterfaceDescriptor Interface { get; }
    public string GrainType => Interface.GrainType;
    public bool IsReentrant { get; }
    public TimeSpan CollectionAge { get; }
    public ConstructorInfo Constructor { get; }

    /// <summary>Above zero for a stateless worker: how many activations per key this silo may hold.</summary>
    public int MaxLocalWorkers { get; }
    public bool IsStatelessWorker => MaxLocalWorkers > 0;
}
