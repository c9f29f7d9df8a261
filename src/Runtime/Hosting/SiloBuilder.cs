using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansSearch.Runtime.Membership;
using OrleansSearch.Runtime.Messaging;
using OrleansSearch.Runtime.Diagnostics;
using OrleansSearch.Runtime.Storage;

namespace OrleansSearch.Runtime.Hosting;

/// <summary>
/// Configures and builds a <see cref="Silo"/>. Verbs follow Orleans: <c>Add*</c> adds, <c>Use*</c> picks an
/// implementation, <c>Configure*</c> sets options. Options are validated when the silo starts.
/// </summary>
public sealed class SiloBuilder
{
    private readonly List<Type> _grainClasses = [];
    private readonly List<Action<IServiceCollection>> _serviceConfigurations = [];

    public SiloOptions Silo { get; } = new();
    public MessagingOptions Messaging { get; } = new();
    public MembershipOptions Membership { get; } = new();
    public GrainCollectionOptions Collection { get; } = new();

    internal IMembershipTable? MembershipTable { get; private set; }
    internal IGrainStorage? GrainStorage { get; private set; }
    internal IMessageSerializer Serializer { get; private set; } = new JsonMessageSerializer();
    internal ILoggerFactory LoggerFactory { get; private set; } = NullLoggerFactory.Instance;
    internal IMeterFactory MeterFactory { get; private set; } = new StandaloneMeterFactory();
    internal TimeProvider TimeProvider { get; private set; } = TimeProvider.System;
    internal IReadOnlyList<Type> GrainClasses => _grainClasses;

    public SiloBuilder UseMembershipTable(IMembershipTable table) { MembershipTable = table; return this; }
    public SiloBuilder UseGrainStorage(IGrainStorage storage) { GrainStorage = storage; return this; }
    public SiloBuilder UseSerializer(IMessageSerializer serializer) { Serializer = serializer; return this; }
    public SiloBuilder UseLoggerFactory(ILoggerFactory loggerFactory) { LoggerFactory = loggerFactory; return this; }
    public SiloBuilder UseMeterFactory(IMeterFactory meterFactory) { MeterFactory = meterFactory; return this; }
    public SiloBuilder UseTimeProvider(TimeProvider timeProvider) { TimeProvider = timeProvider; return this; }

    /// <summary>Adds grain classes to host.</summary>
    public SiloBuilder AddGrains(params Type[] grainClasses) { _grainClasses.AddRange(grainClasses); return this; }

    /// <summary>Adds every concrete grain class of an assembly.</summary>
    public SiloBuilder AddGrainsFrom(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in assembly.GetTypes())
        {
            if (type.IsClass && !type.IsAbstract && typeof(Grain).IsAssignableFrom(type))
            {
                _grainClasses.Add(type);
            }
        }
        return this;
    }

    /// <summary>Registers services that grain constructors take.</summary>
    public SiloBuilder ConfigureServices(Action<IServiceCollection> configure) { _serviceConfigurations.Add(configure); return this; }

    public SiloBuilder ConfigureSilo(Action<SiloOptions> configure) { configure(Silo); return this; }
    public SiloBuilder ConfigureMessaging(Action<MessagingOptions> configure) { configure(Messaging); return this; }
    public SiloBuilder ConfigureMembership(Action<MembershipOptions> configure) { configure(Membership); return this; }
    public SiloBuilder ConfigureCollection(Action<GrainCollectionOptions> configure) { configure(Collection); return this; }

    public Silo Build()
    {
        if (MembershipTable is null)
        {
            throw new InvalidOperationException("A silo needs a membership table: call UseMembershipTable (memory, SQLite or PostgreSQL).");
        }
        return new Silo(this);
    }

    internal void Validate()
    {
        Silo.Validate();
        Messaging.Validate();
        Membership.Validate();
        Collection.Validate();
    }

    internal IServiceProvider BuildServices(IGrainFactory grainFactory)
    {
        var services = new ServiceCollection();
        services.AddSingleton(grainFactory);
        services.AddSingleton(LoggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(TimeProvider);
        foreach (var configure in _serviceConfigurations)
        {
            configure(services);
        }
        return services.BuildServiceProvider();
    }
}
