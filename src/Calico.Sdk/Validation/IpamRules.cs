using System.Globalization;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Validation;

/// <summary>Checks of the IPAM kinds: IPReservation, IPAMBlock, BlockAffinity, IPAMHandle, IPAMConfiguration.</summary>
internal static class IpamRules
{
    public static void Validate(ValidationContext ctx, IPReservation reservation) =>
        FieldRules.CidrList(ctx, "spec.reservedCIDRs", reservation.Spec.ReservedCidrs, allowBareAddress: true, requireMasked: false, oneFamily: false);

    public static void Validate(ValidationContext ctx, IPAMBlock block)
    {
        var spec = block.Spec;
        if (!ctx.Required("spec.cidr", spec.Cidr)
            || FieldRules.Cidr(ctx, "spec.cidr", spec.Cidr, allowBareAddress: false, requireMasked: true) is not { } net)
        {
            return;
        }

        if (spec.Affinity is { Length: > 0 } affinity
            && !(affinity.StartsWith("host:", StringComparison.Ordinal) || affinity.StartsWith("virtual:", StringComparison.Ordinal)))
        {
            ctx.Add("spec.affinity", affinity, "affinity must be \"host:<node>\" or \"virtual:<name>\"");
        }

        var hostBits = net.Bits - net.PrefixLength;
        if (hostBits > 16)
        {
            ctx.Add("spec.cidr", spec.Cidr, "an IPAM block must have at most 65536 addresses");
            return;
        }

        var size = 1 << hostBits;
        var attributeCount = spec.Attributes?.Count ?? 0;
        if (spec.Allocations is { } allocations)
        {
            if (allocations.Count != size)
            {
                ctx.Add("spec.allocations", allocations.Count, string.Create(CultureInfo.InvariantCulture, $"must have one entry per address of the block ({size})"));
            }

            for (var i = 0; i < allocations.Count; i++)
            {
                if (allocations[i] is { } a && (a < 0 || a >= attributeCount))
                {
                    ctx.Add(Paths.Index("spec.allocations", i), a, "must be null or an index into spec.attributes");
                }
            }
        }

        if (spec.Unallocated is { } free)
        {
            var seen = new HashSet<int>();
            for (var i = 0; i < free.Count; i++)
            {
                if (free[i] < 0 || free[i] >= size)
                {
                    ctx.Add(Paths.Index("spec.unallocated", i), free[i], string.Create(CultureInfo.InvariantCulture, $"ordinal must be between 0 and {size - 1}"));
                }
                else if (!seen.Add(free[i]))
                {
                    ctx.Add(Paths.Index("spec.unallocated", i), free[i], "duplicate ordinal");
                }
                else if (spec.Allocations is { } allocs && free[i] < allocs.Count && allocs[free[i]] is not null)
                {
                    ctx.Add(Paths.Index("spec.unallocated", i), free[i], "ordinal is listed as free but is allocated");
                }
            }
        }
    }

    public static void Validate(ValidationContext ctx, BlockAffinity affinity)
    {
        var spec = affinity.Spec;
        ctx.Required("spec.node", spec.Node);
        if (ctx.Required("spec.cidr", spec.Cidr))
        {
            FieldRules.Cidr(ctx, "spec.cidr", spec.Cidr, allowBareAddress: false, requireMasked: true);
        }

        if (!string.IsNullOrEmpty(spec.State))
        {
            ctx.OneOf("spec.state", spec.State, "pending", "confirmed", "pendingDeletion");
        }

        if (!string.IsNullOrEmpty(spec.Type))
        {
            ctx.OneOf("spec.type", spec.Type, "host", "virtual");
        }
    }

    public static void Validate(ValidationContext ctx, IPAMHandle handle)
    {
        var spec = handle.Spec;
        ctx.Required("spec.handleID", spec.HandleId);
        if (spec.Block is null)
        {
            return;
        }

        foreach (var (cidr, count) in spec.Block)
        {
            var path = Paths.Key("spec.block", cidr);
            FieldRules.Cidr(ctx, path, cidr, allowBareAddress: false, requireMasked: true);
            if (count < 0)
            {
                ctx.Add(path, count, "allocation count must not be negative");
            }
        }
    }

    public static void Validate(ValidationContext ctx, IPAMConfiguration config)
    {
        var spec = config.Spec;
        ctx.Range("spec.maxBlocksPerHost", spec.MaxBlocksPerHost, 0, 1_000_000);
        ctx.Range("spec.ipCooldownSeconds", spec.IpCooldownSeconds, 0, 1200);
        ctx.OneOf("spec.kubeVirtVMAddressPersistence", spec.KubeVirtVmAddressPersistence, "Enabled", "Disabled");
        if (spec.MaxBlocksPerHost > 0 && spec.StrictAffinity != true)
        {
            ctx.Add("spec.maxBlocksPerHost", spec.MaxBlocksPerHost.Value, "maxBlocksPerHost requires strictAffinity: true");
        }

        if (spec.StrictAffinity != true && spec.AutoAllocateBlocks == false)
        {
            ctx.Add("spec.autoAllocateBlocks", "false", "autoAllocateBlocks: false requires strictAffinity: true");
        }
    }
}
