using Orleans.Configuration;
using OrleansSearch.Grains.Documents;
using OrleansSearch.Silo.Storage;

namespace OrleansSearch.Silo.Hosting;

/// <summary>The silo's <c>--validate-config</c>: sections Silo, Storage, Shards, Membership, LoadShedding and the admin keys of Auth.</summary>
public static class SiloConfigurationCheck
{
    public static int Run(IConfiguration configuration, TextWriter output)
    {
        var check = new ConfigurationCheck(configuration);
        check.Check("Silo", new SiloEndpointOptions(), options => options.Validate());
        check.Check(StorageOptions.SectionName, new StorageOptions(), options => options.Validate());
        check.Check("Shards", new ShardOptions(), options => options.Validate());
        CheckMembership(check);
        var loadShedding = new LoadSheddingOptions();
        LoadShedding.Apply(loadShedding);
        check.Check(LoadShedding.SectionName, loadShedding, LoadShedding.Validate);
        check.CheckSection("Auth", AdminKeyErrors);
        return check.Report(output);
    }

    /// <summary>Orleans' membership options as <see cref="ClusterMembership"/> tunes them, then section Membership.</summary>
    public static void CheckMembership(ConfigurationCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var defaults = new ClusterMembershipOptions
        {
            ProbeTimeout = ClusterMembership.ProbeTimeout,
            NumMissedProbesLimit = ClusterMembership.NumMissedProbesLimit,
            TableRefreshTimeout = ClusterMembership.TableRefreshTimeout,
            IAmAliveTablePublishTimeout = ClusterMembership.IAmAliveTablePublishTimeout,
        };
        check.Check("Membership", defaults, options =>
        {
            if (options.ProbeTimeout <= TimeSpan.Zero || options.TableRefreshTimeout <= TimeSpan.Zero || options.IAmAliveTablePublishTimeout <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"Membership:ProbeTimeout ({options.ProbeTimeout}), Membership:TableRefreshTimeout ({options.TableRefreshTimeout}) and Membership:IAmAliveTablePublishTimeout ({options.IAmAliveTablePublishTimeout}) must be positive.");
            }
            if (options.NumMissedProbesLimit < 1 || options.NumVotesForDeathDeclaration < 1)
            {
                throw new InvalidOperationException($"Membership:NumMissedProbesLimit is {options.NumMissedProbesLimit} and Membership:NumVotesForDeathDeclaration is {options.NumVotesForDeathDeclaration}; each must be at least 1.");
            }
        });
    }

    /// <summary>The silo reads only <c>Auth:Keys:N:Sha256</c> and <c>Admin</c> (dashboard access); a malformed hash would be skipped silently at run time.</summary>
    private static IEnumerable<string> AdminKeyErrors(IConfigurationSection auth)
    {
        foreach (var key in auth.GetSection("Keys").GetChildren())
        {
            if (key["Sha256"] is not { Length: 64 } hash || !hash.All(char.IsAsciiHexDigit))
            {
                yield return $"Auth:Keys:{key.Key}:Sha256 is not 64 hex digits (the key's SHA-256: printf %s \"$KEY\" | sha256sum).";
            }
            if (key["Admin"] is { } admin && !bool.TryParse(admin, out _))
            {
                yield return $"Auth:Keys:{key.Key}:Admin is '{admin}'; it must be true or false.";
            }
        }
    }
}
