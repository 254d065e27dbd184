using Calico.Ctl.Cli;

namespace Calico.Ctl.Commands;

/// <content>
/// <c>node checksystem [--kernel-config=FILE]</c>: the kernel version, the kernel modules and the programs the node
/// agent (nftables dataplane, VXLAN/IPIP/WireGuard routing, veth workloads) needs, each reported present or
/// missing. A module counts as present when loaded (<c>/proc/modules</c>, <c>/sys/module</c>), built in
/// (<c>modules.builtin</c>, or <c>=y</c> in the kernel config) or loadable (<c>modules.dep</c>, or <c>=m</c>).
/// </content>
internal static partial class NodeCommand
{
    private static readonly Version MinimumKernel = new(5, 2);

    // (module, kernel config symbol, why; null = required)
    private static readonly (string Module, string Config, string? Optional)[] Modules =
    [
        ("nf_tables", "CONFIG_NF_TABLES", null),
        ("nf_conntrack", "CONFIG_NF_CONNTRACK", null),
        ("nf_nat", "CONFIG_NF_NAT", null),
        ("nft_ct", "CONFIG_NFT_CT", null),
        ("veth", "CONFIG_VETH", null),
        ("vxlan", "CONFIG_VXLAN", "VXLAN encapsulation"),
        ("ipip", "CONFIG_NET_IPIP", "IPIP encapsulation"),
        ("wireguard", "CONFIG_WIREGUARD", "WireGuard encryption"),
        ("xt_set", "CONFIG_NETFILTER_XT_SET", "iptables dataplane"),
    ];

    private static readonly (string Program, string? Optional)[] Programs =
    [
        ("nft", null),
        ("ip", null),
        ("conntrack", "conntrack entry cleanup"),
        ("bird", "BGP routing"),
    ];

    private static async Task<int> CheckSystemAsync(CtlContext ctx, string[] args)
    {
        var parsed = ParsedArgs.Parse(args, ArgSpec.Create().Value("kernel-config", "f"));
        var o = ctx.Out;
        var ok = true;
        await o.WriteLineAsync("Checking kernel version...").ConfigureAwait(false);
        var release = ReadHost(ctx, "proc/sys/kernel/osrelease")?.Trim() ?? "unknown";
        var kernelOk = ParseKernel(release) is { } v && v >= MinimumKernel;
        ok &= kernelOk;
        await o.WriteLineAsync(Line(release, kernelOk ? "OK" : $"FAIL (at least {MinimumKernel} is needed)")).ConfigureAwait(false);

        await o.WriteLineAsync("Checking kernel modules...").ConfigureAwait(false);
        var loaded = (ReadHost(ctx, "proc/modules") ?? string.Empty).Split('\n').Select(l => l.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
        var builtin = Names(ReadHost(ctx, $"lib/modules/{release}/modules.builtin"));
        var loadable = Names(ReadHost(ctx, $"lib/modules/{release}/modules.dep"));
        var config = parsed.Get("kernel-config") is { } file ? File.ReadAllText(ctx.ResolvePath(file)) : KernelConfig(ctx, release);
        foreach (var (module, symbol, optional) in Modules)
        {
            var present = loaded.Contains(module) || Directory.Exists(Host(ctx, $"sys/module/{module}")) || builtin.Contains(module)
                || loadable.Contains(module) || (config?.Contains($"\n{symbol}=y", StringComparison.Ordinal) ?? false)
                || (config?.Contains($"\n{symbol}=m", StringComparison.Ordinal) ?? false);
            ok &= present || optional is not null;
            await o.WriteLineAsync(Line(module, Verdict(present, optional))).ConfigureAwait(false);
        }

        await o.WriteLineAsync("Checking tools...").ConfigureAwait(false);
        var path = (ctx.SearchPath ?? ctx.Env("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries);
        foreach (var (program, optional) in Programs)
        {
            var present = path.Any(d => File.Exists(Path.Combine(d, program)));
            ok &= present || optional is not null;
            await o.WriteLineAsync(Line(program, Verdict(present, optional))).ConfigureAwait(false);
        }

        await o.WriteLineAsync(ok
            ? "System meets minimum system requirements to run Calico!"
            : "System doesn't meet minimum system requirements to run Calico").ConfigureAwait(false);
        return ok ? 0 : 1;
    }

    private static string Line(string item, string verdict) => $"\t\t{item,-38}\t{verdict}";

    private static string Verdict(bool present, string? optional) =>
        present ? "OK" : optional is null ? "MISSING" : $"MISSING (optional: {optional})";

    private static string Host(CtlContext ctx, string relative) => Path.Combine(ctx.HostRoot, relative);

    private static string? ReadHost(CtlContext ctx, string relative)
    {
        try
        {
            return File.ReadAllText(Host(ctx, relative));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? KernelConfig(CtlContext ctx, string release) =>
        new[] { "usr/src/linux/.config", $"boot/config-{release}", $"usr/src/linux-{release}/.config", $"usr/src/linux-headers-{release}/.config", $"lib/modules/{release}/build/.config" }
            .Select(p => ReadHost(ctx, p)).FirstOrDefault(t => t is not null) is { } text ? "\n" + text : null;

    /// <summary>Module names of <c>modules.builtin</c>/<c>modules.dep</c> lines (<c>kernel/net/x/vxlan.ko: deps</c> → <c>vxlan</c>).</summary>
    private static HashSet<string> Names(string? text)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in (text ?? string.Empty).Split('\n'))
        {
            var file = line.Split(':')[0].Trim();
            if (file.Length == 0)
            {
                continue;
            }

            var name = Path.GetFileName(file);
            var dot = name.IndexOf(".ko", StringComparison.Ordinal);
            names.Add((dot > 0 ? name[..dot] : name).Replace('-', '_'));
        }

        return names;
    }

    private static Version? ParseKernel(string release)
    {
        var parts = release.Split('.', '-');
        return parts.Length >= 2 && int.TryParse(parts[0], out var major) && int.TryParse(parts[1], out var minor) ? new Version(major, minor) : null;
    }
}
