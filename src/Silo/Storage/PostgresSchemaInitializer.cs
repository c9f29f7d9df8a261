using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace OrleansSearch.Silo.Storage;

/// <summary>
/// Runs <see cref="PostgresSchema.EnsureAsync"/> at the very first silo lifecycle stage: the ADO.NET
/// providers read their <c>OrleansQuery</c> rows when they start (clustering at RuntimeInitialize,
/// persistence at ApplicationServices), so the rows must be there before either.
/// </summary>
internal sealed class PostgresSchemaInitializer(string connectionString, ILogger<PostgresSchemaInitializer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle observer) =>
        observer.Subscribe(nameof(PostgresSchemaInitializer), ServiceLifecycleStage.First,
            cancellationToken => PostgresSchema.EnsureAsync(connectionString, logger, cancellationToken));
}
