using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="IPAMConfiguration"/>.</summary>
public sealed class IPAMConfigurationSpec
{
    /// <summary>When <see langword="true"/>, never borrow addresses from other hosts' blocks.</summary>
    [JsonPropertyName("strictAffinity")]
    public bool? StrictAffinity { get; set; }

    /// <summary>When <see langword="false"/>, never claim new blocks (default <see langword="true"/>).</summary>
    [JsonPropertyName("autoAllocateBlocks")]
    public bool? AutoAllocateBlocks { get; set; }

    /// <summary>The most blocks a host may own; 0 means the runtime default (20).</summary>
    [JsonPropertyName("maxBlocksPerHost")]
    public int? MaxBlocksPerHost { get; set; }

    /// <summary><c>Enabled</c> (default) or <c>Disabled</c>.</summary>
    [JsonPropertyName("kubeVirtVMAddressPersistence")]
    public string? KubeVirtVmAddressPersistence { get; set; }

    /// <summary>How long released addresses stay unusable (0–1200).</summary>
    [JsonPropertyName("ipCooldownSeconds")]
    public int? IpCooldownSeconds { get; set; }
}
