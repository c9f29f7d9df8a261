using System.Reflection;
using System.Text;

namespace OrleansSearch.Runtime.Invocation;

/// <summary>
/// What the runtime needs to know about one grain interface method, on both sides of a call: its
/// stable id, the types to serialize, whether it is read-only, and how to await its result without
/// knowing its type at compile time.
/// </summary>
internal sealed class GrainMethodDescriptor
{
    private readonly Func<object, Task<object?>> _awaitResult;
    private readonly Func<Task<object?>, object> _toReturnValue;

    public GrainMethodDescriptor(MethodInfo method, string interfaceName)
    {
        Method = method;
        Name = $"{interfaceName}.{method.Name}";
        var parameters = method.GetParameters();
        var serialized = new List<Type>(parameters.Length);
        CancellationTokenIndex = -1;
        for (int i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].ParameterType == typeof(CancellationToken))
            {
                if (CancellationTokenIndex >= 0)
                {
                    throw new ArgumentException($"Grain method {Name} takes more than one CancellationToken.");
                }
                CancellationTokenIndex = i;
                continue;
            }
            if (parameters[i].ParameterType.IsByRef)
            {
                throw new ArgumentException($"Grain method {Name} has a ref/out parameter '{parameters[i].Name}'; grain calls pass values only.");
            }
            serialized.Add(parameters[i].ParameterType);
        }
        ParameterTypes = serialized;
        ParameterCount = parameters.Length;
        IsReadOnly = method.IsDefined(typeof(ReadOnlyAttribute), inherit: true);
        Id = (uint)StableHashing.Hash(Signature(method));

        Type returnType = method.ReturnType;
        string helper;
        if (returnType == typeof(Task)) { helper = nameof(AwaitTask); ResultType = null; }
        else if (returnType == typeof(ValueTask)) { helper = nameof(AwaitValueTask); ResultType = null; }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>)) { helper = nameof(AwaitTaskOf); ResultType = returnType.GetGenericArguments()[0]; }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)) { helper = nameof(AwaitValueTaskOf); ResultType = returnType.GetGenericArguments()[0]; }
        else
        {
            throw new ArgumentException($"Grain method {Name} returns {returnType.Name}; grain methods return Task, Task<T>, ValueTask or ValueTask<T>.");
        }
        var helpers = typeof(GrainMethodDescriptor);
        var awaitMethod = helpers.GetMethod(helper, BindingFlags.NonPublic | BindingFlags.Static)!;
        var convertMethod = helpers.GetMethod("To" + helper[5..], BindingFlags.NonPublic | BindingFlags.Static)!;
        if (ResultType is not null)
        {
            awaitMethod = awaitMethod.MakeGenericMethod(ResultType);
            convertMethod = convertMethod.MakeGenericMethod(ResultType);
        }
        _awaitResult = awaitMethod.CreateDelegate<Func<object, Task<object?>>>();
        _toReturnValue = convertMethod.CreateDelegate<Func<Task<object?>, object>>();
    }

    /// <summary>Stable across processes: a hash of the method's name and parameter types.</summary>
    public uint Id { get; }
    /// <summary><c>IInterface.Method</c>, for errors, logs and metrics.</summary>
    public string Name { get; }
    public MethodInfo Method { get; }
    /// <summary>Types of the parameters that travel (all but a <see cref="CancellationToken"/>).</summary>
    public IReadOnlyList<Type> ParameterTypes { get; }
    public int ParameterCount { get; }
    /// <summary>Index of a <see cref="CancellationToken"/> parameter, or -1.</summary>
    public int CancellationTokenIndex { get; }
    public bool IsReadOnly { get; }
    /// <summary>The T of Task&lt;T&gt;/ValueTask&lt;T&gt;; null for Task and ValueTask.</summary>
    public Type? ResultType { get; }

    /// <summary>Invokes the method on <paramref name="grain"/> and awaits its result, boxed.</summary>
    public Task<object?> InvokeAsync(object grain, object?[] arguments) => _awaitResult(Method.Invoke(grain, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null)!);

    /// <summary>Shapes the runtime's untyped call task into what the interface method returns.</summary>
    public object ToReturnValue(Task<object?> call) => _toReturnValue(call);

    /// <summary>Splits proxy arguments into the ones that travel and the cancellation token.</summary>
    public object?[] TravellingArguments(object?[] arguments, out CancellationToken cancellationToken)
    {
        if (CancellationTokenIndex < 0)
        {
            cancellationToken = default;
            return arguments;
        }
        cancellationToken = (CancellationToken)arguments[CancellationTokenIndex]!;
        var travelling = new object?[arguments.Length - 1];
        for (int i = 0, j = 0; i < arguments.Length; i++)
        {
            if (i != CancellationTokenIndex)
            {
                travelling[j++] = arguments[i];
            }
        }
        return travelling;
    }

    /// <summary>Rebuilds the full argument list on the silo, inserting the call's token.</summary>
    public object?[] InvocationArguments(object?[] travelling, CancellationToken cancellationToken)
    {
        if (CancellationTokenIndex < 0)
        {
            return travelling;
        }
        var arguments = new object?[ParameterCount];
        for (int i = 0, j = 0; i < arguments.Length; i++)
        {
            arguments[i] = i == CancellationTokenIndex ? cancellationToken : travelling[j++];
        }
        return arguments;
    }

    private static string Signature(MethodInfo method)
    {
        var builder = new StringBuilder(method.Name).Append('(');
        foreach (var parameter in method.GetParameters())
        {
            builder.Append(parameter.ParameterType.FullName).Append(',');
        }
        return builder.Append(')').ToString();
    }

    private static async Task<object?> AwaitTask(object task) { await ((Task)task).ConfigureAwait(false); return null; }
    private static async Task<object?> AwaitValueTask(object task) { await ((ValueTask)task).ConfigureAwait(false); return null; }
    private static async Task<object?> AwaitTaskOf<T>(object task) => await ((Task<T>)task).ConfigureAwait(false);
    private static async Task<object?> AwaitValueTaskOf<T>(object task) => await ((ValueTask<T>)task).ConfigureAwait(false);

    private static object ToTask(Task<object?> call) => call;
    private static object ToValueTask(Task<object?> call) => new ValueTask(call);
    private static object ToTaskOf<T>(Task<object?> call) => CastResult<T>(call);
    private static object ToValueTaskOf<T>(Task<object?> call) => new ValueTask<T>(CastResult<T>(call));

    private static async Task<T> CastResult<T>(Task<object?> call) => (T)(await call.ConfigureAwait(false))!;
}
