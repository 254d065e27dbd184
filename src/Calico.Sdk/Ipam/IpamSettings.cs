using Calico.Sdk.Resources;

namespace Calico.Sdk.Ipam;

/// <summary>The effective IPAMConfiguration (defaults applied when the object is missing).</summary>
internal sealed record IpamSettings(bool StrictAffinity, bool AutoAllocateBlocks, int MaxBlocksPerHost, TimeSpan IpCoolDown)
{
    /// <summary>The runtime default of <c>maxBlocksPerHost</c> when it is 0.</summary>
    public const int DefaultMaxBlocksPerHost = 20;

    /// <summary>Calico's defaults.</summary>
    public static IpamSettings Default { get; } = new(false, true, DefaultMaxBlocksPerHost, TimeSpan.Zero);

    /// <summary>Reads the configuration resource.</summary>
    public static IpamSettings From(IPAMConfiguration? config)
    {
        var spec = config?.Spec;
        if (spec is null)
        {
            return Default;
        }

        var max = spec.MaxBlocksPerHost is { } m and > 0 ? m : DefaultMaxBlocksPerHost;
        var coolDown = TimeSpan.FromSeconds(Math.Clamp(spec.IpCooldownSeconds ?? 0, 0, 1200));
        return new IpamSettings(spec.StrictAffinity ?? false, spec.AutoAllocateBlocks ?? true, max, coolDown);
    }
}
