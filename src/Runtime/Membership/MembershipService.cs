using Microsoft.Extensions.Logging;
using OrleansSearch.Runtime.Hosting;

namespace OrleansSearch.Runtime.Membership;

/// <summary>
/// Keeps this process's view of the cluster and, on a silo, takes part in it: joins, heartbeats,
/// probes its successors on the ring, votes suspects, declares the dead, and fences itself when it
/// reads itself Dead. Every table change is a compare-and-swap on the table version; a lost race is
/// re-read and retried. Clients use the same class with no silo address: they only read.
/// </summary>
internal sealed partial class MembershipService : IAsyncDisposable
{
    private readonly IMembershipTable _table;
    private readonly MembershipOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SiloAddress? _self;
    private readonly string _name;
    private readonly Func<SiloAddress, CancellationToken, Task> _probe;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<SiloAddress, int> _missedProbes = [];
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private readonly List<Task> _loops = [];
    private ClusterView _view = ClusterView.Empty;
    private ClusterView _previousView = ClusterView.Empty;
    private int _fenced;
    private int _leaving;

    public MembershipService(IMembershipTable table, MembershipOptions options, ILogger logger, TimeProvider time,
        SiloAddress? self, string name, Func<SiloAddress, CancellationToken, Task> probe)
    {
        _table = table;
        _options = options;
        _logger = logger;
        _time = time;
        _self = self;
        _name = name;
        _probe = probe;
    }

    public ClusterView View => Volatile.Read(ref _view);

    /// <summary>The view before the current one, for handing grains over from their previous owner.</summary>
    public ClusterView PreviousView => Volatile.Read(ref _previousView);

    /// <summary>Raised (on a pool thread) after each view change.</summary>
    public event Action<ClusterView>? ViewChanged;

    /// <summary>Raised once when this silo reads itself declared Dead: it must stop serving at once.</summary>
    public event Action? Fenced;

    /// <summary>Client mode: read the table now and keep re-reading it.</summary>
    public async Task StartReadingAsync(CancellationToken cancellationToken)
    {
        await _table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await RefreshAsync(0, cancellationToken).ConfigureAwait(false);
        _loops.Add(RunLoopAsync(_options.RefreshInterval, token => RefreshAsync(0, token)));
    }

    /// <summary>
    /// Silo mode: insert this silo as Joining (declaring its own older generations Dead), make sure every
    /// Active silo answers a probe, become Active, and start heartbeats, refreshes and probes.
    /// </summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        var self = _self ?? throw new InvalidOperationException("A client does not join the cluster.");
        await _table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        await UpdateAsync(snapshot =>
        {
            var writes = new List<MembershipEntry>();
            foreach (var entry in snapshot.Entries)
            {
                if (entry.Address.Host == self.Host && entry.Address.Port == self.Port && entry.Address.Generation < self.Generation && entry.Status != SiloStatus.Dead)
                {
                    writes.Add(entry with { Status = SiloStatus.Dead });
                }
            }
            writes.Add(new MembershipEntry(self, _name, SiloStatus.Joining, [], now, now));
            return writes;
        }, cancellationToken).ConfigureAwait(false);
        LogJoining(_logger, self, _name);

        using var joinTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        joinTimeout.CancelAfter(_options.JoinTimeout);
        await WaitUntilActiveSilosAnswerAsync(self, joinTimeout.Token).ConfigureAwait(false);

        await SetStatusAsync(self, SiloStatus.Active, cancellationToken).ConfigureAwait(false);
        await RefreshAsync(0, cancellationToken).ConfigureAwait(false);
        LogActive(_logger, self, View.ActiveSilos.Count, View.Version);

        _loops.Add(RunLoopAsync(_options.RefreshInterval, token => RefreshAsync(0, token)));
        _loops.Add(RunLoopAsync(_options.IAmAliveInterval, token => _table.UpdateIAmAliveAsync(self, _time.GetUtcNow(), token)));
        _loops.Add(RunLoopAsync(_options.ProbeInterval, ProbeSuccessorsAsync));
    }

    private async Task WaitUntilActiveSilosAnswerAsync(SiloAddress self, CancellationToken cancellationToken)
    {
        while (true)
        {
            await RefreshAsync(0, cancellationToken).ConfigureAwait(false);
            var unreachable = new List<SiloAddress>();
            foreach (var silo in View.ActiveSilos)
            {
                if (silo == self)
                {
                    continue;
                }
                try
                {
                    await ProbeAsync(silo, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    unreachable.Add(silo);
                }
            }
            if (unreachable.Count == 0)
            {
                return;
            }
            // A silo we cannot reach is either dead and about to be declared so, or partitioned from us;
            // either way we must not own grains until the view agrees with what we can reach.
            LogWaitingForUnreachable(_logger, string.Join(", ", unreachable));
            await Task.Delay(_options.ProbeInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes this silo's own Dead row at the end of a graceful stop. Reading that row back afterwards is
    /// the expected end, not a fencing: nothing is raised or logged for it.
    /// </summary>
    public Task LeaveAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _leaving, 1);
        return SetStatusAsync(_self ?? throw new InvalidOperationException("A client has no row to leave."), SiloStatus.Dead, cancellationToken);
    }

    /// <summary>Writes a new status for <paramref name="silo"/> (CAS, retried).</summary>
    public Task SetStatusAsync(SiloAddress silo, SiloStatus status, CancellationToken cancellationToken)
        => UpdateAsync(snapshot =>
        {
            foreach (var entry in snapshot.Entries)
            {
                if (entry.Address == silo)
                {
                    return entry.Status == status ? [] : [entry with { Status = status }];
                }
            }
            throw new InvalidOperationException($"Silo {silo} has no row in the membership table.");
        }, cancellationToken);

    /// <summary>
    /// Re-reads the table. With <paramref name="atLeastVersion"/> &gt; 0 (a hint from a peer), skips the read
    /// when the view is already that new. Concurrent refreshes share one read.
    /// </summary>
    public async Task RefreshAsync(long atLeastVersion, CancellationToken cancellationToken)
    {
        if (atLeastVersion > 0 && View.Version >= atLeastVersion)
        {
            return;
        }
        long before = View.Version;
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (before != View.Version && (atLeastVersion == 0 || View.Version >= atLeastVersion))
            {
                return;
            }
            var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            Apply(snapshot);
        }
        finally
        {
            _refreshLock.Release();
        }
        await DeclareStaleSilosDeadAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Apply(MembershipTableSnapshot snapshot)
    {
        var current = View;
        if (snapshot.Version <= current.Version && current.Version != 0)
        {
            return;
        }
        var view = new ClusterView(snapshot.Version, snapshot.Entries);
        Volatile.Write(ref _previousView, current);
        Volatile.Write(ref _view, view);
        LogViewChanged(_logger, _name, view);
        if (_self is not null && view.StatusOf(_self) == SiloStatus.Dead && Volatile.Read(ref _leaving) == 0 && Interlocked.Exchange(ref _fenced, 1) == 0)
        {
            LogFenced(_logger, _self);
            _stopping.Cancel();
            Fenced?.Invoke();
            return;
        }
        ViewChanged?.Invoke(view);
    }

    private async Task DeclareStaleSilosDeadAsync(CancellationToken cancellationToken)
    {
        if (_self is null)
        {
            return;
        }
        var staleBefore = _time.GetUtcNow() - _options.IAmAliveStaleness;
        var snapshotView = View;
        foreach (var silo in snapshotView.ActiveSilos)
        {
            if (silo == _self)
            {
                continue;
            }
            await UpdateAsync(snapshot =>
            {
                foreach (var entry in snapshot.Entries)
                {
                    if (entry.Address == silo && entry.Status is SiloStatus.Active or SiloStatus.ShuttingDown && entry.IAmAliveTime < staleBefore)
                    {
                        LogDeclaringStale(_logger, silo, entry.IAmAliveTime);
                        return [entry with { Status = SiloStatus.Dead }];
                    }
                }
                return [];
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ProbeSuccessorsAsync(CancellationToken cancellationToken)
    {
        var self = _self!;
        var view = View;
        var ring = view.ActiveSilos;
        int at = -1;
        for (int i = 0; i < ring.Count; i++)
        {
            if (ring[i] == self)
            {
                at = i;
            }
        }
        var targets = new List<SiloAddress>();
        for (int step = 1; step < ring.Count && targets.Count < _options.ProbedSiloCount; step++)
        {
            targets.Add(ring[((at < 0 ? 0 : at) + step) % ring.Count]);
        }
        targets.Remove(self);
        await Task.WhenAll(targets.ConvertAll(target => ProbeAndCountAsync(target, cancellationToken))).ConfigureAwait(false);
    }

    private async Task ProbeAndCountAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        try
        {
            await ProbeAsync(target, cancellationToken).ConfigureAwait(false);
            lock (_missedProbes)
            {
                _missedProbes.Remove(target);
            }
            return;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            int missed;
            lock (_missedProbes)
            {
                missed = _missedProbes[target] = _missedProbes.GetValueOrDefault(target) + 1;
            }
            LogProbeMissed(_logger, target, missed, exception.Message);
            if (missed >= _options.MissedProbesLimit)
            {
                await SuspectAsync(target, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ProbeAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ProbeTimeout);
        await _probe(target, timeout.Token).ConfigureAwait(false);
    }

    /// <summary>Adds this silo's vote against <paramref name="suspect"/>; enough fresh votes declare it Dead.</summary>
    private Task SuspectAsync(SiloAddress suspect, CancellationToken cancellationToken)
    {
        var self = _self!;
        return UpdateAsync(snapshot =>
        {
            var now = _time.GetUtcNow();
            int active = 0;
            MembershipEntry? target = null;
            foreach (var entry in snapshot.Entries)
            {
                if (entry.Status == SiloStatus.Active)
                {
                    active++;
                }
                if (entry.Address == suspect)
                {
                    target = entry;
                }
            }
            if (target is null || target.Status is SiloStatus.Dead or SiloStatus.None)
            {
                return [];
            }
            var votes = new List<SuspicionVote>();
            foreach (var vote in target.SuspectVotes)
            {
                if (vote.Voter != self && now - vote.Time < _options.VoteExpiration)
                {
                    votes.Add(vote);
                }
            }
            votes.Add(new SuspicionVote(self, now));
            int needed = Math.Min(_options.VotesForDeath, Math.Max(1, active - 1));
            bool dead = votes.Count >= needed;
            if (dead)
            {
                LogDeclaringDead(_logger, suspect, votes.Count, needed);
            }
            else
            {
                LogSuspecting(_logger, suspect, votes.Count, needed);
            }
            return [target with { Status = dead ? SiloStatus.Dead : target.Status, SuspectVotes = votes }];
        }, cancellationToken);
    }

    /// <summary>
    /// Read, compute the rows to change, write them under the version read; on a lost race, repeat.
    /// The table writes one row per CAS, so several rows are written as successive CAS steps, each
    /// re-validated against the freshest snapshot.
    /// </summary>
    private async Task UpdateAsync(Func<MembershipTableSnapshot, IReadOnlyList<MembershipEntry>> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            var writes = change(snapshot);
            if (writes.Count == 0)
            {
                Apply(snapshot);
                return;
            }
            if (await _table.TryWriteAsync(writes[0], snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                if (writes.Count == 1)
                {
                    Apply(await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false));
                    return;
                }
            }
        }
    }

    private async Task RunLoopAsync(TimeSpan interval, Func<CancellationToken, Task> work)
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _time, token).ConfigureAwait(false);
                await work(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogLoopFailed(_logger, exception);
            }
        }
    }

    /// <summary>Stops heartbeats, probes and refreshes (a killed or stopped silo sends nothing more).</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Loops end by cancellation.
        }
        // The token source and the lock are not disposed: a refresh still in flight from a request may
        // touch them after the silo stopped, and neither holds a timer or a wait handle.
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Silo {Silo} ({Name}) joining the cluster")]
    private static partial void LogJoining(ILogger logger, SiloAddress silo, string name);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Silo {Silo} is Active; view has {ActiveCount} silos at version {Version}")]
    private static partial void LogActive(ILogger logger, SiloAddress silo, int activeCount, long version);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "{Name}: membership view {View}")]
    private static partial void LogViewChanged(ILogger logger, string name, ClusterView view);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Joining: waiting for unreachable Active silos {Silos} to answer or be declared dead")]
    private static partial void LogWaitingForUnreachable(ILogger logger, string silos);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Probe of {Silo} missed ({Missed} in a row): {Reason}")]
    private static partial void LogProbeMissed(ILogger logger, SiloAddress silo, int missed, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Suspecting {Silo}: {Votes} of {Needed} votes")]
    private static partial void LogSuspecting(ILogger logger, SiloAddress silo, int votes, int needed);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Declaring {Silo} Dead: {Votes} of {Needed} votes")]
    private static partial void LogDeclaringDead(ILogger logger, SiloAddress silo, int votes, int needed);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Declaring {Silo} Dead: last heartbeat at {LastHeartbeat}")]
    private static partial void LogDeclaringStale(ILogger logger, SiloAddress silo, DateTimeOffset lastHeartbeat);

    [LoggerMessage(EventId = 108, Level = LogLevel.Critical, Message = "Silo {Silo} reads itself declared Dead: it stops serving now")]
    private static partial void LogFenced(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 109, Level = LogLevel.Error, Message = "Membership background work failed; will retry")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
