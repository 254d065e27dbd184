using Calico.Sdk.Resources;

namespace Calico.Sdk.Validation;

/// <summary>IPPool checks (Calico's validator and CRD rules).</summary>
internal static class IPPoolRules
{
    private static readonly IPNet LinkLocalV4 = Parse("169.254.0.0/16");
    private static readonly IPNet LinkLocalV6 = Parse("fe80::/10");

    public static void Validate(ValidationContext ctx, IPPool pool)
    {
        var spec = pool.Spec;
        IPNet? net = null;
        if (ctx.Required("spec.cidr", spec.Cidr))
        {
            if (spec.Cidr!.Length > 48)
            {
                ctx.Add("spec.cidr", spec.Cidr, "CIDR must be at most 48 characters");
            }

            net = FieldRules.Cidr(ctx, "spec.cidr", spec.Cidr, allowBareAddress: false, requireMasked: true);
            if (net is { } n && n.Overlaps(n.IsV4 ? LinkLocalV4 : LinkLocalV6))
            {
                ctx.Add("spec.cidr", spec.Cidr, $"IP pool must not overlap the link-local range {(n.IsV4 ? LinkLocalV4 : LinkLocalV6)}");
            }
        }

        if (net is { } pnet && spec.BlockSize is { } blockSize)
        {
            var (min, max) = pnet.IsV4 ? (20, 32) : (116, 128);
            if (blockSize < min || blockSize > max)
            {
                ctx.Add("spec.blockSize", blockSize, $"IPv{pnet.Version} block size must be between {min} and {max}");
            }
            else if (pnet.PrefixLength > blockSize && spec.Disabled != true)
            {
                ctx.Add("spec.cidr", spec.Cidr, $"pool prefix length must not be longer than the block size ({blockSize}) unless the pool is disabled");
            }
        }

        ctx.OneOf("spec.vxlanMode", NullIfEmpty(spec.VxlanMode), "Never", "Always", "CrossSubnet");
        ctx.OneOf("spec.ipipMode", NullIfEmpty(spec.IpipMode), "Never", "Always", "CrossSubnet");
        var ipip = IsEnabled(spec.IpipMode);
        var vxlan = IsEnabled(spec.VxlanMode);
        if (ipip && net is { IsV4: false })
        {
            ctx.Add("spec.ipipMode", spec.IpipMode, "IPIP is not supported on an IPv6 pool");
        }

        if (ipip && vxlan)
        {
            ctx.Add("spec.vxlanMode", spec.VxlanMode, "IPIP and VXLAN cannot both be enabled on the same pool");
        }

        FieldRules.Selector(ctx, "spec.nodeSelector", spec.NodeSelector);
        FieldRules.Selector(ctx, "spec.namespaceSelector", spec.NamespaceSelector);
        ctx.OneOf("spec.assignmentMode", NullIfEmpty(spec.AssignmentMode), "Automatic", "Manual");
        ValidateAllowedUses(ctx, spec, ipip, vxlan);
    }

    private static void ValidateAllowedUses(ValidationContext ctx, IPPoolSpec spec, bool ipip, bool vxlan)
    {
        const string path = "spec.allowedUses";
        var uses = spec.AllowedUses is { Count: > 0 } list ? list : ["Workload", "Tunnel"];
        ctx.MaxItems(path, spec.AllowedUses, 10);
        ctx.NoDuplicates(path, spec.AllowedUses);
        for (var i = 0; spec.AllowedUses is not null && i < spec.AllowedUses.Count; i++)
        {
            ctx.OneOf(Paths.Index(path, i), spec.AllowedUses[i], "Workload", "Tunnel", "LoadBalancer");
        }

        if (uses.Contains("Tunnel") && !string.IsNullOrEmpty(spec.NamespaceSelector))
        {
            ctx.Add("spec.namespaceSelector", spec.NamespaceSelector, "a pool with a namespaceSelector must not allow Tunnel use");
        }

        if (!uses.Contains("LoadBalancer"))
        {
            return;
        }

        if (uses.Count > 1)
        {
            ctx.Add(path, string.Join(",", uses), "LoadBalancer use cannot be combined with other uses");
        }

        if (!string.IsNullOrWhiteSpace(spec.NodeSelector) && spec.NodeSelector.Trim() != "all()")
        {
            ctx.Add("spec.nodeSelector", spec.NodeSelector, "a LoadBalancer pool must have nodeSelector all()");
        }

        if (ipip || vxlan)
        {
            ctx.Add(ipip ? "spec.ipipMode" : "spec.vxlanMode", ipip ? spec.IpipMode : spec.VxlanMode, "a LoadBalancer pool cannot use IPIP or VXLAN");
        }

        if (spec.DisableBgpExport == true)
        {
            ctx.Add("spec.disableBGPExport", "true", "a LoadBalancer pool cannot disable BGP export");
        }
    }

    private static bool IsEnabled(string? mode) => mode is "Always" or "CrossSubnet";

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static IPNet Parse(string cidr)
    {
        IPNet.TryParse(cidr, false, out var net);
        return net;
    }
}
