using System.Globalization;
using Orleans.Configuration;

namespace OrleansSearch.Failover.Bench;

/// <summary>
/// Settings to measure failover under: silo membership (src/Silo/Hosting/ClusterMembership.cs tunes it) and,
/// optionally, the gateway's Orleans client (src/McpGateway/Hosting/ClusterClientOptions.cs tunes that).
/// </summary>
internal sealed record MembershipProfile(string Name, IReadOnlyDictionary<string, string?> SiloSettings, IReadOnlyDictionary<string, string?> GatewaySettings)
{
    /// <summary>Our silos and gateway as shipped: no override.</summary>
    public static MembershipProfile Tuned { get; } = new("tuned (ours)", new Dictionary<string, string?>(), new Dictionary<string, string?>());

    /// <summary>Every silo membership value we tune set back to Orleans' default; the gateway client stays ours.</summary>
    public static MembershipProfile OrleansSiloDefaults { get; } = new("Orleans defaults (silos)", SiloDefaults(), new Dictionary<string, string?>());

    /// <summary>Orleans' defaults for the gateway's client too: how often it rereads the gateway list, how long it waits for an answer.</summary>
    public static MembershipProfile OrleansDefaults { get; } = new("Orleans defaults (silos + client)", SiloDefaults(), ClientDefaults());

    /// <summary>Read from fresh instances of the options classes this build runs, so the comparison follows the package version.</summary>
    private static Dictionary<string, string?> SiloDefaults()
    {
        var defaults = new ClusterMembershipOptions();
        return new Dictionary<string, string?>
        {
            ["Membership:ProbeTimeout"] = Text(defaults.ProbeTimeout),
            ["Membership:NumMissedProbesLimit"] = defaults.NumMissedProbesLimit.ToString(CultureInfo.InvariantCulture),
            ["Membership:TableRefreshTimeout"] = Text(defaults.TableRefreshTimeout),
            ["Membership:IAmAliveTablePublishTimeout"] = Text(defaults.IAmAliveTablePublishTimeout),
        };
    }

    private static Dictionary<string, string?> ClientDefaults() => new()
    {
        ["Cluster:GatewayListRefreshPeriod"] = Text(new GatewayOptions().GatewayListRefreshPeriod),
        ["Cluster:ResponseTimeout"] = Text(new ClientMessagingOptions().ResponseTimeout),
    };

    public string Describe()
    {
        var overrides = SiloSettings.Concat(GatewaySettings).ToList();
        return overrides.Count == 0
            ? "silos: ProbeTimeout 00:00:01, NumMissedProbesLimit 2, TableRefreshTimeout 00:00:02, IAmAliveTablePublishTimeout 00:00:05; gateway: GatewayListRefreshPeriod 00:00:02, ResponseTimeout 00:00:05"
            : string.Join(", ", overrides.Select(s => $"{s.Key[(s.Key.IndexOf(':', StringComparison.Ordinal) + 1)..]} {s.Value}"));
    }

    private static string Text(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
