namespace OrleansSearch.Runtime.Hosting;

/// <summary>Idle activation collection. Configuration section <c>GrainCollection</c>.</summary>
public sealed class GrainCollectionOptions
{
    public static readonly TimeSpan DefaultCollectionAge = TimeSpan.FromMinutes(15);

    /// <summary>Idle time after which an activation is deactivated, unless its class says otherwise with <see cref="CollectionAgeAttribute"/>.</summary>
    public TimeSpan CollectionAge { get; set; } = DefaultCollectionAge;

    /// <summary>How often the collector looks for idle activations; an activation lives at most its age plus this.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a graceful shutdown waits for in-flight turns and deactivation hooks.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        OptionsValidation.Positive(CollectionAge, $"GrainCollection:{nameof(CollectionAge)}");
        OptionsValidation.Positive(CollectionQuantum, $"GrainCollection:{nameof(CollectionQuantum)}");
        OptionsValidation.Positive(DeactivationTimeout, $"GrainCollection:{nameof(DeactivationTimeout)}");
    }
}
