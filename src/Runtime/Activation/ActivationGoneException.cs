namespace OrleansSearch.Runtime.Activation;

/// <summary>A request reached an activation that deactivated before its turn: dispatch it again.</summary>
internal sealed class ActivationGoneException : Exception
{
    public ActivationGoneException() : base("The activation deactivated before this request's turn.") { }
    public ActivationGoneException(string message) : base(message) { }
    public ActivationGoneException(string message, Exception innerException) : base(message, innerException) { }
}
