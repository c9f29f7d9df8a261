using Orleans.Configuration;

namespace OrleansSearch.Silo.Hosting;

/// <summary>
/// Orleans' load shedding on a silo (issue 9, overload): while the silo's CPU is above <see cref="CpuThreshold"/> % or
/// its memory above <see cref="MemoryThreshold"/> %, its client gateway refuses new requests from gateways at once
/// (<c>GatewayTooBusyException</c>, which the gateway answers as 503 <c>overloaded</c> with Retry-After) instead of
/// queueing them. Only client traffic is shed: calls between silos and the membership protocol's probes are not,
/// which is the point — a silo saturated by queued client work missed its probes and could be voted dead.
/// Overridable in configuration section <c>LoadShedding</c> (LoadSheddingEnabled, CpuThreshold, MemoryThreshold).
/// </summary>
/// <remarks>
/// The embedded gateway's co-hosted silo has no client gateway (its clients are in-process), so there the gateway's
/// own admission limit (<c>Limits:MaxConcurrentRequests</c>) is what bounds the work.
/// </remarks>
public static class LoadShedding
{
    public const string SectionName = "LoadShedding";

    /// <summary>
    /// Orleans' default threshold is 95 %; a 2-core silo at 95 % already answers probes late. 90 leaves some CPU for
    /// membership and for finishing the work already admitted. Not yet measured under the overload bench.
    /// </summary>
    public const int CpuThreshold = 90;

    /// <summary>Orleans' default: past this, new work risks the process being killed for memory, which loses more than shedding.</summary>
    public const int MemoryThreshold = 90;

    public static ISiloBuilder UseLoadShedding(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        silo.Configure<LoadSheddingOptions>(Apply);
        silo.Services.Configure<LoadSheddingOptions>(configuration.GetSection(SectionName));
        return silo;
    }

    /// <summary>Our defaults on Orleans' options (before section <c>LoadShedding</c> is applied).</summary>
    public static void Apply(LoadSheddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LoadSheddingEnabled = true;
        options.CpuThreshold = CpuThreshold;
        options.MemoryThreshold = MemoryThreshold;
    }

    /// <summary>Orleans' own rule (its validator refuses the silo's start otherwise), checked with the setting's name.</summary>
    public static void Validate(LoadSheddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.CpuThreshold is < 1 or > 100 || options.MemoryThreshold is < 1 or > 100)
        {
            throw new InvalidOperationException($"LoadShedding:CpuThreshold is {options.CpuThreshold} and LoadShedding:MemoryThreshold is {options.MemoryThreshold}; each must be a percentage from 1 to 100.");
        }
    }
}
