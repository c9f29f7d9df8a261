using System.Globalization;

namespace OrleansSearch.Runtime.Membership;

/// <summary>What every provider checks and normalizes before storing a row, so all providers accept and return the same things.</summary>
internal static class MembershipEntryRules
{
    /// <summary>Checks <paramref name="entry"/> and returns it as stored: times truncated, votes copied.</summary>
    public static MembershipEntry Normalize(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        CheckAddress(entry.Address, nameof(entry));
        ArgumentNullException.ThrowIfNull(entry.Name, nameof(entry));
        if (!Enum.IsDefined(entry.Status))
        {
            throw new ArgumentOutOfRangeException(nameof(entry), entry.Status, $"Silo status {(int)entry.Status} of {entry.Address} is not a defined {nameof(SiloStatus)}.");
        }
        ArgumentNullException.ThrowIfNull(entry.SuspectVotes, nameof(entry));
        var votes = new SuspicionVote[entry.SuspectVotes.Count];
        for (int i = 0; i < votes.Length; i++)
        {
            SuspicionVote vote = entry.SuspectVotes[i] ?? throw new ArgumentException($"Suspicion vote {i} of {entry.Address} is null.", nameof(entry));
            CheckAddress(vote.Voter, nameof(entry));
            votes[i] = new SuspicionVote(vote.Voter, StoredTime.Truncate(vote.Time));
        }
        return entry with
        {
            SuspectVotes = votes,
            StartTime = StoredTime.Truncate(entry.StartTime),
            IAmAliveTime = StoredTime.Truncate(entry.IAmAliveTime),
        };
    }

    public static void CheckAddress(SiloAddress address, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(address, parameterName);
        if (string.IsNullOrWhiteSpace(address.Host))
        {
            throw new ArgumentException($"Silo address '{address}' has no host.", parameterName);
        }
        if (address.Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(parameterName, address.Port, $"Silo address '{address}' has port {address.Port.ToString(CultureInfo.InvariantCulture)}; ports are 0 to 65535.");
        }
    }

    public static void CheckExpectedVersion(long expectedVersion)
    {
        if (expectedVersion < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedVersion), expectedVersion, "A table version is never negative (0 before the first write).");
        }
    }

    /// <summary>The order <see cref="MembershipTableSnapshot.Entries"/> come in from every provider: host (ordinal), port, generation.</summary>
    public static int CompareByAddress(MembershipEntry x, MembershipEntry y)
    {
        int byHost = string.CompareOrdinal(x.Address.Host, y.Address.Host);
        if (byHost != 0)
        {
            return byHost;
        }
        int byPort = x.Address.Port.CompareTo(y.Address.Port);
        return byPort != 0 ? byPort : x.Address.Generation.CompareTo(y.Address.Generation);
    }

    public static InvalidOperationException NotInitialized(string? clusterId, Exception? inner = null) =>
        new(clusterId is null
                ? "The membership table is not initialized: call InitializeAsync first."
                : $"The membership table of cluster '{clusterId}' is not initialized: call InitializeAsync first.",
            inner);

    public static InvalidOperationException UnknownSilo(SiloAddress address) =>
        new($"Silo {address} has no row in the membership table: a heartbeat needs the row its join wrote.");
}
