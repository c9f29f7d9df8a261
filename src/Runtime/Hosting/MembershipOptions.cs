namespace OrleansSearch.Runtime.Hosting;

/// <summary>
/// Failure detection and view refresh. Defaults are sized for a LAN and for tests: probes every second,
/// three misses make a vote, two votes (or one when only two silos are Active) declare a silo Dead, so
/// a crashed silo is out of every view within about 5 s. Configuration section <c>Membership</c>.
/// </summary>
public sealed class MembershipOptions
{
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A probe not answered within this is a miss.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive missed probes before this silo votes the peer suspect.</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>How many successors on the ring of Active silos each silo probes.</summary>
    public int ProbedSiloCount { get; set; } = 3;

    /// <summary>Fresh votes needed to declare a silo Dead (capped at Active silos − 1).</summary>
    public int VotesForDeath { get; set; } = 2;

    /// <summary>Votes older than this no longer count.</summary>
    public TimeSpan VoteExpiration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a silo writes its heartbeat.</summary>
    public TimeSpan IAmAliveInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A silo whose heartbeat is older than this may be declared Dead by anyone, votes or not.</summary>
    public TimeSpan IAmAliveStaleness { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often the table is re-read (it is also re-read on any hint of a newer view).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a joining silo keeps trying to reach the Active silos before giving up.</summary>
    public TimeSpan JoinTimeout { get; set; } = TimeSpan.FromSeconds(60);

    internal void Validate()
    {
        OptionsValidation.Positive(ProbeInterval, $"Membership:{nameof(ProbeInterval)}");
        OptionsValidation.Positive(ProbeTimeout, $"Membership:{nameof(ProbeTimeout)}");
        OptionsValidation.InRange(MissedProbesLimit, 1, 100, $"Membership:{nameof(MissedProbesLimit)}");
        OptionsValidation.InRange(ProbedSiloCount, 1, 100, $"Membership:{nameof(ProbedSiloCount)}");
        OptionsValidation.InRange(VotesForDeath, 1, 100, $"Membership:{nameof(VotesForDeath)}");
        OptionsValidation.Positive(VoteExpiration, $"Membership:{nameof(VoteExpiration)}");
        OptionsValidation.Positive(IAmAliveInterval, $"Membership:{nameof(IAmAliveInterval)}");
        OptionsValidation.Positive(IAmAliveStaleness, $"Membership:{nameof(IAmAliveStaleness)}");
        OptionsValidation.Positive(RefreshInterval, $"Membership:{nameof(RefreshInterval)}");
        OptionsValidation.Positive(JoinTimeout, $"Membership:{nameof(JoinTimeout)}");
        if (IAmAliveStaleness <= IAmAliveInterval * 2)
        {
            throw new ArgumentOutOfRangeException($"Membership:{nameof(IAmAliveStaleness)}", IAmAliveStaleness,
                $"Membership:{nameof(IAmAliveStaleness)} is {IAmAliveStaleness}; it must exceed twice IAmAliveInterval ({IAmAliveInterval}) or healthy silos get declared dead.");
        }
    }
}
