using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;

namespace OrleansSearch.Runtime.Invocation;

/// <summary>A grain interface's stable type name and its methods, built once per interface by reflection.</summary>
internal sealed class GrainInterfaceDescriptor
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceDescriptor> Cache = new();

    private GrainInterfaceDescriptor(Type interfaceType)
    {
        if (!interfaceType.IsInterface || interfaceType == typeof(IGrainWithStringKey) || !typeof(IGrainWithStringKey).IsAssignableFrom(interfaceType))
        {
            throw new ArgumentException($"{interfaceType.FullName} is not a grain interface: it must be an interface extending IGrainWithStringKey.");
        }
        InterfaceType = interfaceType;
        GrainType = interfaceType.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? interfaceType.Name;
        var byId = new Dictionary<uint, GrainMethodDescriptor>();
        var byMethod = new Dictionary<MethodInfo, GrainMethodDescriptor>();
        foreach (var type in interfaceType.GetInterfaces().Append(interfaceType))
        {
            if (type == typeof(IGrain) || type == typeof(IGrainWithStringKey))
            {
                continue;
            }
            foreach (var method in type.GetMethods())
            {
                var descriptor = new GrainMethodDescriptor(method, interfaceType.Name);
                if (!byId.TryAdd(descriptor.Id, descriptor))
                {
                    throw new ArgumentException($"Grain methods {byId[descriptor.Id].Name} and {descriptor.Name} hash to the same method id; rename one.");
                }
                byMethod[method] = descriptor;
            }
        }
        MethodsById = byId.ToFrozenDictionary();
        MethodsByInfo = byMethod.ToFrozenDictionary();
    }

    public Type InterfaceType { get; }
    public string GrainType { get; }
    public FrozenDictionary<uint, GrainMethodDescriptor> MethodsById { get; }
    public FrozenDictionary<MethodInfo, GrainMethodDescriptor> MethodsByInfo { get; }

    public static GrainInterfaceDescriptor For(Type interfaceType) => Cache.GetOrAdd(interfaceType, static type => new GrainInterfaceDescriptor(type));
}
