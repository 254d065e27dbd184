using System.Globalization;
using System.Net;
using System.Numerics;
using Calico.Ctl.Cli;
using Calico.Ctl.Output;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Ctl.Commands;

/// <content><c>ipam show [--ip=IP] [--show-blocks] [--show-borrowed] [--show-configuration]</c>.</content>
internal static partial class IpamCommand
{
    private static async Task<int> ShowAsync(CtlContext ctx, string[] args)
    {
        var parsed = ParsedArgs.Parse(args, ArgSpec.Create().Value("ip").Flag("show-blocks").Flag("show-borrowed").Flag("show-configuration"));
        await using var session = new Session(ctx, parsed);
        var ct = ctx.CancellationToken;
        if (parsed.Get("ip") is { } ipText)
        {
            return await ShowIpAsync(ctx, session.Store, ipText, ct).ConfigureAwait(false);
        }

        if (parsed.Has("show-configuration"))
        {
            var config = await session.Store.GetAsync(ResourceKinds.IPAMConfiguration, null, "default", ct).ConfigureAwait(false) as IPAMConfiguration;
            BoxTable.Write(ctx.Out, ["PROPERTY", "VALUE"],
            [
                ["StrictAffinity", (config?.Spec.StrictAffinity ?? false) ? "true" : "false"],
                ["AutoAllocateBlocks", (config?.Spec.AutoAllocateBlocks ?? true) ? "true" : "false"],
                ["MaxBlocksPerHost", (config?.Spec.MaxBlocksPerHost ?? 0).ToString(CultureInfo.InvariantCulture)],
            ]);
            return 0;
        }

        if (parsed.Has("show-borrowed"))
        {
            BoxTable.Write(ctx.Out, ["IP", "BORROWING-NODE", "BLOCK", "BLOCK OWNER", "TYPE", "ALLOCATED-TO"], await BorrowedAsync(session.Store, ct).ConfigureAwait(false));
            return 0;
        }

        var usage = await Ipam(session).GetUtilizationAsync(ct).ConfigureAwait(false);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var pool in usage.Pools)
        {
            rows.Add(Row("IP Pool", pool.Cidr, pool.Capacity, pool.InUse));
            if (parsed.Has("show-blocks"))
            {
                rows.AddRange(pool.Blocks.Select(b => Row("Block", b.Cidr, b.Capacity, b.InUse)));
            }
        }

        BoxTable.Write(ctx.Out, ["GROUPING", "CIDR", "IPS TOTAL", "IPS IN USE", "IPS FREE"], rows);
        return 0;
    }

    private static IReadOnlyList<string> Row(string grouping, string cidr, BigInteger total, long inUse) =>
        [grouping, cidr, total.ToString(CultureInfo.InvariantCulture), WithPercent(inUse, total), WithPercent(total - inUse, total)];

    /// <summary><c>5 (8%)</c>: Go's <c>%.0f</c>, which rounds half to even.</summary>
    private static string WithPercent(BigInteger value, BigInteger total)
    {
        var percent = total.IsZero ? 0 : Math.Round((double)value * 100 / (double)total, MidpointRounding.ToEven);
        return $"{value.ToString(CultureInfo.InvariantCulture)} ({percent.ToString("0", CultureInfo.InvariantCulture)}%)";
    }

    private static async Task<int> ShowIpAsync(CtlContext ctx, IDatastore store, string ipText, CancellationToken ct)
    {
        if (!IPAddress.TryParse(ipText, out var ip))
        {
            throw new CtlException($"invalid IP address: \"{ipText}\"");
        }

        foreach (var block in (await store.ListAllAsync(ResourceKinds.IPAMBlock, cancellationToken: ct).ConfigureAwait(false)).Items.Cast<IPAMBlock>())
        {
            if (block.Spec.Cidr is null || !Cidr.TryParse(block.Spec.Cidr, out var cidr) || cidr.OrdinalOf(ip) is var ordinal && ordinal < 0)
            {
                continue;
            }

            if (block.Spec.Allocations is not { } allocations || ordinal >= allocations.Count || allocations[(int)ordinal] is not { } index)
            {
                break;
            }

            await ctx.Out.WriteLineAsync($"IP {ip} is in use").ConfigureAwait(false);
            var attribute = block.Spec.Attributes is { } attrs && index < attrs.Count ? attrs[index] : null;
            if (attribute?.Secondary is { Count: > 0 } secondary)
            {
                await ctx.Out.WriteLineAsync("Attributes:").ConfigureAwait(false);
                foreach (var (key, value) in secondary.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    await ctx.Out.WriteLineAsync($"  {key}: {value}").ConfigureAwait(false);
                }
            }
            else
            {
                await ctx.Out.WriteLineAsync($"No attributes defined for {ip}").ConfigureAwait(false);
            }

            return 0;
        }

        await ctx.Out.WriteLineAsync($"IP {ip} is not currently assigned").ConfigureAwait(false);
        return 0;
    }

    private static async Task<List<IReadOnlyList<string>>> BorrowedAsync(IDatastore store, CancellationToken ct)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var block in (await store.ListAllAsync(ResourceKinds.IPAMBlock, cancellationToken: ct).ConfigureAwait(false)).Items.Cast<IPAMBlock>())
        {
            if (block.Spec.Cidr is null || !Cidr.TryParse(block.Spec.Cidr, out var cidr) || block.Spec.Allocations is not { } allocations)
            {
                continue;
            }

            var owner = block.Spec.Affinity is { } a && a.StartsWith("host:", StringComparison.Ordinal) ? a["host:".Length..] : null;
            for (var o = 0; o < allocations.Count; o++)
            {
                if (allocations[o] is not { } index || block.Spec.Attributes is not { } attrs || index >= attrs.Count)
                {
                    continue;
                }

                var secondary = attrs[index].Secondary ?? new Dictionary<string, string>();
                var node = secondary.TryGetValue("node", out var n) ? n : null;
                if (owner is not null && (node is null || node == owner))
                {
                    continue;
                }

                var pod = secondary.TryGetValue("pod", out var p) ? p : null;
                var ns = secondary.TryGetValue("namespace", out var s) ? s : null;
                var type = pod is not null ? "pod" : secondary.TryGetValue("type", out var t) ? t : "unknown";
                var to = pod is not null ? $"{ns}/{pod}" : attrs[index].HandleId ?? string.Empty;
                rows.Add([Cidr.ToAddress(cidr.Network + (UInt128)o, cidr.V6).ToString(), node ?? string.Empty, cidr.ToString(), owner ?? "(none)", type, to]);
            }
        }

        return rows;
    }
}
