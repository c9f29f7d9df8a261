using OrleansSearch.Runtime.Hosting;

namespace OrleansSearch.Silo;

/// <summary>
/// Runs the silo for the life of the host: joins on start, leaves gracefully on SIGTERM (the host's
/// stop), and stops the whole process with a non-zero exit code if the cluster declares it dead, so a
/// supervisor restarts it as a new generation.
/// </summary>
internal sealed partial class SiloHostedService(Runtime.Hosting.Silo silo, ClusterStorage storage, IHostApplicationLifetime lifetime, ILogger<SiloHostedService> logger) : IHostedService
{
    public const int FencedExitCode = 3;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await storage.Documents.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await silo.StartAsync(cancellationToken).ConfigureAwait(false);
        _ = silo.Stopped.ContinueWith(_ =>
        {
            if (silo.WasFenced)
            {
                LogFenced(logger, silo.Name);
                Environment.ExitCode = FencedExitCode;
                lifetime.StopApplication();
            }
        }, TaskScheduler.Default);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await silo.StopAsync(cancellationToken).ConfigureAwait(false);
        await silo.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Critical, Message = "Silo {Name} was declared dead by the cluster; exiting so a supervisor restarts it")]
    private static partial void LogFenced(ILogger logger, string name);
}
