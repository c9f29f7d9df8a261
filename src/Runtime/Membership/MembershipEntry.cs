namespace OrleansSearch.Runtime.Membership;

/// <summary>One row of the membership table: a silo generation and what the cluster believes about it.</summary>
/// <param name="SuspectVotes">Who suspected this silo and when (missed probes). Fresh votes can get it declared Dead.</param>
/// <param name="IAmAliveTime">The silo's own last heartbeat, written blindly (no version bump).</param>
public sealed record MembershipEntry(
    SiloAddress Address,
    string Name,
    SiloStatus Status,
    IReadOnlyList<SuspicionVote> SuspectVotes,
    DateTimeOffset StartTime,
    DateTimeOffset IAmAliveTime);

/// <summary>A silo's vote that <see cref="MembershipEntry.Address"/> missed its probes.</summary>
public sealed record SuspicionVote(SiloAddress Voter, DateTimeOffset Time);

/// <summary>The whole table for one cluster as read at one version.</summary>
public sealed record MembershipTableSnapshot(long Version, IReadOnlyList<MembershipEntry> Entries);
