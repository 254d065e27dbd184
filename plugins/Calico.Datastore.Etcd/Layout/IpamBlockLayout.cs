using Calico.Sdk.Resources;

namespace Calico.Datastore.Etcd.Layout;

/// <summary>IPAMBlock at <c>/calico/ipam/v2/assignment/ipv4/block/10.0.0.0-26</c>; the resource name is
/// <c>10-0-0-0-26</c>.</summary>
internal sealed class IpamBlockLayout(ResourceKind kind) : IpamLayout<V2Block>(kind, IpamV2JsonContext.Default.V2Block)
{
    private const string Prefix = Root + "assignment/";

    public override string RangeStart => Prefix;

    public override string RangeEnd => PrefixEnd(Prefix);

    public override string KeyOf(Resource stored)
    {
        var name = stored.Metadata.Name!;
        if (!CidrNames.TryParseName(name, out var cidr))
        {
            throw InvalidKey(null, name, "an IPAMBlock is named after its CIDR, e.g. '10-0-0-0-26' for 10.0.0.0/26");
        }

        var specCidr = ((IPAMBlock)stored).Spec.Cidr;
        if (specCidr is not null && (!CidrNames.TryParseCidr(specCidr, out var given) || given != cidr))
        {
            throw InvalidKey(null, name, $"spec.cidr '{specCidr}' is not the block the name denotes ({cidr})");
        }

        return Key(cidr);
    }

    public override IReadOnlyList<string> CandidateKeys(string? @namespace, string name) =>
        CidrNames.TryParseName(name, out var cidr)
            ? [Key(cidr)]
            : throw InvalidKey(null, name, "an IPAMBlock is named after its CIDR, e.g. '10-0-0-0-26' for 10.0.0.0/26");

    public override bool TryParseKey(string key, out string? @namespace, out string name)
    {
        @namespace = null;
        name = string.Empty;
        foreach (var version in (ReadOnlySpan<string>)["ipv4/block/", "ipv6/block/"])
        {
            var p = Prefix + version;
            if (key.StartsWith(p, StringComparison.Ordinal) && CidrNames.TryParseKeyPart(key[p.Length..], out var cidr))
            {
                name = CidrNames.Name(cidr);
                return true;
            }
        }

        return false;
    }

    protected override V2Block ToValue(Resource stored, StashedMetadata? metadata)
    {
        var spec = ((IPAMBlock)stored).Spec;
        CidrNames.TryParseName(stored.Metadata.Name!, out var cidr);
        return new V2Block
        {
            Cidr = cidr.ToString(),
            Affinity = spec.Affinity,
            AffinityClaimTime = spec.AffinityClaimTime,
            StrictAffinity = spec.StrictAffinity,
            Allocations = spec.Allocations ?? [],
            Unallocated = spec.Unallocated ?? [],
            Attributes = spec.Attributes?.Select(a => new V2Attribute
            {
                HandleId = a.HandleId,
                Secondary = a.Secondary,
                AlternateOwnerAttrs = a.AlternateOwnerAttrs,
                ReleasedAt = a.ReleasedAt,
            }).ToList() ?? [],
            SequenceNumber = spec.SequenceNumber ?? 0,
            SequenceNumberForAllocation = spec.SequenceNumberForAllocation,
            Deleted = spec.Deleted ?? false,
            Metadata = metadata,
        };
    }

    protected override Resource FromValue(V2Block value, string key, string name, string revision)
    {
        if (!CidrNames.TryParseCidr(value.Cidr, out _) && value.Cidr is not null)
        {
            throw Corrupt(null, name, revision, $"cidr '{value.Cidr}' is not a CIDR");
        }

        return new IPAMBlock
        {
            Spec = new IPAMBlockSpec
            {
                Cidr = value.Cidr,
                Affinity = value.Affinity,
                AffinityClaimTime = value.AffinityClaimTime,
                StrictAffinity = value.StrictAffinity,
                Allocations = value.Allocations,
                Unallocated = value.Unallocated,
                Attributes = value.Attributes?.Select(a => new AllocationAttribute
                {
                    HandleId = a.HandleId,
                    Secondary = a.Secondary,
                    AlternateOwnerAttrs = a.AlternateOwnerAttrs,
                    ReleasedAt = a.ReleasedAt,
                }).ToList(),
                SequenceNumber = value.SequenceNumber,
                SequenceNumberForAllocation = value.SequenceNumberForAllocation,
                Deleted = value.Deleted,
            },
        };
    }

    protected override StashedMetadata? StashOf(V2Block value) => value.Metadata;

    private static string Key(System.Net.IPNetwork cidr) => $"{Prefix}ipv{CidrNames.Version(cidr)}/block/{CidrNames.KeyPart(cidr)}";
}
