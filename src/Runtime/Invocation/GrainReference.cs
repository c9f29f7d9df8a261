using System.Reflection;

namespace OrleansSearch.Runtime.Invocation;

/// <summary>
/// The proxy behind every grain reference: turns an interface call into a runtime call. A dynamic proxy
/// (DispatchProxy) rather than generated code: the descriptor lookups are frozen dictionaries and the
/// call cost is dominated by serialization and transport (bench/RESULTS.md).
/// </summary>
public class GrainReference : DispatchProxy
{
    private GrainInterfaceDescriptor _interface = null!;
    private IGrainCallInvoker _invoker = null!;

    /// <summary>The grain this reference points at.</summary>
    public GrainId GrainId { get; private set; }

    internal static TGrainInterface Create<TGrainInterface>(GrainId grainId, IGrainCallInvoker invoker)
    {
        var proxy = Create<TGrainInterface, GrainReference>();
        var reference = (GrainReference)(object)proxy!;
        reference.GrainId = grainId;
        reference._interface = GrainInterfaceDescriptor.For(typeof(TGrainInterface));
        reference._invoker = invoker;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (!_interface.MethodsByInfo.TryGetValue(targetMethod, out var method))
        {
            if (targetMethod.DeclaringType == typeof(object))
            {
                return targetMethod.Invoke(this, args);
            }
            throw new NotSupportedException($"{targetMethod.Name} is not a method of grain interface {_interface.InterfaceType.Name}.");
        }
        return method.ToReturnValue(_invoker.InvokeAsync(GrainId, method, args ?? []));
    }

    public override string ToString() => GrainId.ToString();
}
