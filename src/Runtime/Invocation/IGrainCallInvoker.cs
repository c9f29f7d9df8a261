namespace OrleansSearch.Runtime.Invocation;

/// <summary>Sends a grain call wherever the grain lives and returns its boxed result. Implemented by silos and clients.</summary>
internal interface IGrainCallInvoker
{
    Task<object?> InvokeAsync(GrainId target, GrainMethodDescriptor method, object?[] arguments);
}
