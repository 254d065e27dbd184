using Calico.Sdk.Resources;

namespace Calico.Datastore.Etcd.Layout;

/// <summary>
/// IPAMConfiguration <c>default</c> at <c>/calico/ipam/v2/config</c> with Calico's v2 fields
/// (<c>strict_affinity</c>, <c>auto_allocate_blocks</c>, <c>maxBlocksPerHost</c>). Calico omits false booleans, so
/// an absent <c>auto_allocate_blocks</c> reads as false; an unset value is written as Calico's default (true).
/// </summary>
internal sealed class IpamConfigLayout(ResourceKind kind) : IpamLayout<V2Config>(kind, IpamV2JsonContext.Default.V2Config)
{
    private const string Key = Root + "config";
    private const string OnlyName = "default";

    public override string RangeStart => Key;

    public override string RangeEnd => Key + "\0";

    public override string KeyOf(Resource stored)
    {
        var name = stored.Metadata.Name!;
        return name == OnlyName ? Key : throw InvalidKey(null, name, "the IPAM configuration is a singleton named 'default'");
    }

    public override IReadOnlyList<string> CandidateKeys(string? @namespace, string name) =>
        name == OnlyName ? [Key] : throw InvalidKey(null, name, "the IPAM configuration is a singleton named 'default'");

    public override bool TryParseKey(string key, out string? @namespace, out string name)
    {
        @namespace = null;
        name = key == Key ? OnlyName : string.Empty;
        return name.Length > 0;
    }

    protected override V2Config ToValue(Resource stored, StashedMetadata? metadata)
    {
        var spec = ((IPAMConfiguration)stored).Spec;
        return new V2Config
        {
            StrictAffinity = spec.StrictAffinity ?? false,
            AutoAllocateBlocks = spec.AutoAllocateBlocks ?? true,
            MaxBlocksPerHost = spec.MaxBlocksPerHost ?? 0,
            KubeVirtVmAddressPersistence = spec.KubeVirtVmAddressPersistence,
            IpCooldownSeconds = spec.IpCooldownSeconds,
            Metadata = metadata,
        };
    }

    protected override Resource FromValue(V2Config value, string key, string name, string revision) => new IPAMConfiguration
    {
        Spec = new IPAMConfigurationSpec
        {
            StrictAffinity = value.StrictAffinity,
            AutoAllocateBlocks = value.AutoAllocateBlocks,
            MaxBlocksPerHost = value.MaxBlocksPerHost,
            KubeVirtVmAddressPersistence = value.KubeVirtVmAddressPersistence,
            IpCooldownSeconds = value.IpCooldownSeconds,
        },
    };

    protected override StashedMetadata? StashOf(V2Config value) => value.Metadata;
}
