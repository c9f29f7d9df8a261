using System.Globalization;
using Orleans.Configuration;

namespace OrleansSearch.Failover.Bench;

/// <summary>A set of silo membership settings to measure: Orleans' own defaults, or ours (src/Silo/Hosting/ClusterMembership.cs).</summary>
internal sealed record MembershipProfile(string Name, IReadOnlyDictionary<string, string?> SiloSettings)
{
    /// <summary>Our silos start from the tuned values; no override measures them as shipped.</summary>
    public static MembershipProfile Tuned { get; } = new("tuned (ours)", new Dictionary<string, string?>());

    /// <summary>
    /// Every value our silo tunes, set back to what Orleans' <see cref="ClusterMembershipOptions"/> ships with. Read
    /// from a fresh instance of the options class this build runs, so the comparison follows the package version.
    /// </summary>
    public static MembershipProfile OrleansDefaults { get; } = FromOrleansDefaults();

    private static MembershipProfile FromOrleansDefaults()
    {
        var defaults = new ClusterMembershipOptions();
        return new MembershipProfile("Orleans defaults", new Dictionary<string, string?>
        {
            ["Membership:ProbeTimeout"] = defaults.ProbeTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Membership:NumMissedProbesLimit"] = defaults.NumMissedProbesLimit.ToString(CultureInfo.InvariantCulture),
            ["Membership:TableRefreshTimeout"] = defaults.TableRefreshTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Membership:IAmAliveTablePublishTimeout"] = defaults.IAmAliveTablePublishTimeout.ToString("c", CultureInfo.InvariantCulture),
        });
    }

    public string Describe() => SiloSettings.Count == 0
        ? "ProbeTimeout 00:00:01, NumMissedProbesLimit 2, TableRefreshTimeout 00:00:02, IAmAliveTablePublishTimeout 00:00:05"
        : string.Join(", ", SiloSettings.Select(s => $"{s.Key["Membership:".Length..]} {s.Value}"));
}
