using System.Globalization;
using System.Net;
using System.Text.Json;
using Calico.Ctl.Cli;
using Calico.Sdk.Datastore;
using Calico.Sdk.Ipam;
using Calico.Sdk.Resources;

namespace Calico.Ctl.Commands;

/// <content>
/// <c>ipam check [-o REPORT] [--show-all-ips] [--show-problem-ips]</c> and <c>ipam release (--ip=IP | --from-report=FILE
/// [--force])</c>. The check compares what IPAM has allocated with what workload endpoints and nodes (tunnel
/// addresses) use, and adds the SDK's structural check (duplicates, handle counts, affinities, corrupt blocks).
/// </content>
internal static partial class IpamCommand
{
    private static async Task<int> CheckAsync(CtlContext ctx, string[] args)
    {
        var parsed = ParsedArgs.Parse(args, ArgSpec.Create().Value("output", "o").Flag("show-all-ips").Flag("show-problem-ips").Value("kubeconfig"));
        await using var session = new Session(ctx, parsed);
        var store = session.Store;
        var ct = ctx.CancellationToken;
        var o = ctx.Out;
        await o.WriteLineAsync("Checking IPAM for inconsistencies...\n").ConfigureAwait(false);
        await o.WriteLineAsync("Loading all IPAM blocks...").ConfigureAwait(false);
        var blocks = (await store.ListAllAsync(ResourceKinds.IPAMBlock, cancellationToken: ct).ConfigureAwait(false)).Items.Cast<IPAMBlock>().ToList();
        await o.WriteLineAsync($"Found {blocks.Count} IPAM blocks.").ConfigureAwait(false);
        var allocated = new List<(string Ip, AllocationAttribute Attr, string Block, ulong? Seq)>();
        foreach (var block in blocks)
        {
            await o.WriteLineAsync($" IPAM block {block.Spec.Cidr} affinity={block.Spec.Affinity ?? "<none>"}:").ConfigureAwait(false);
            if (block.Spec.Cidr is null || !Cidr.TryParse(block.Spec.Cidr, out var cidr) || block.Spec.Allocations is not { } allocations)
            {
                continue;
            }

            for (var i = 0; i < allocations.Count; i++)
            {
                if (allocations[i] is { } index && block.Spec.Attributes is { } attrs && index < attrs.Count)
                {
                    ulong? seq = block.Spec.SequenceNumberForAllocation is { } seqs && seqs.TryGetValue(i.ToString(CultureInfo.InvariantCulture), out var s) ? s : null;
                    var ip = Cidr.ToAddress(cidr.Network + (UInt128)i, cidr.V6).ToString();
                    allocated.Add((ip, attrs[index], block.Spec.Cidr, seq));
                    if (parsed.Has("show-all-ips"))
                    {
                        await o.WriteLineAsync($"  {ip} handle=\"{attrs[index].HandleId}\"").ConfigureAwait(false);
                    }
                }
            }
        }

        await o.WriteLineAsync($"Found {allocated.Count} IPs allocated in IPAM.").ConfigureAwait(false);
        var inUse = await InUseAddressesAsync(store, o, ct).ConfigureAwait(false);
        await o.WriteLineAsync($"Workloads and nodes are using {inUse.Count} IPs.").ConfigureAwait(false);
        await o.WriteLineAsync("Scanning for IPs that are allocated but not actually in use...").ConfigureAwait(false);
        var leaked = allocated.Where(a => !inUse.Contains(a.Ip)).Select(a => new LeakedAddress(
            a.Ip, a.Attr.HandleId, a.Block, a.Seq,
            Secondary(a.Attr, "node"),
            Secondary(a.Attr, "pod") is { } pod ? $"{Secondary(a.Attr, "namespace")}/{pod}" : null)).ToList();
        if (parsed.Has("show-problem-ips"))
        {
            foreach (var l in leaked)
            {
                await o.WriteLineAsync($"  {l.Ip} leaked; handle=\"{l.Handle}\" node=\"{l.Node}\" workload=\"{l.Workload}\"").ConfigureAwait(false);
            }
        }

        await o.WriteLineAsync($"Found {leaked.Count} IPs that are allocated in IPAM but not actually in use.").ConfigureAwait(false);
        await o.WriteLineAsync("Scanning for IPs that are in use by a workload or node but not allocated in IPAM...").ConfigureAwait(false);
        var allocatedSet = allocated.Select(a => a.Ip).ToHashSet(StringComparer.Ordinal);
        var unallocated = inUse.Where(ip => !allocatedSet.Contains(ip)).Order(StringComparer.Ordinal).ToList();
        if (parsed.Has("show-problem-ips"))
        {
            foreach (var ip in unallocated)
            {
                await o.WriteLineAsync($"  {ip} in use but not allocated in IPAM").ConfigureAwait(false);
            }
        }

        await o.WriteLineAsync($"Found {unallocated.Count} in-use IPs that are not allocated in IPAM.").ConfigureAwait(false);
        await o.WriteLineAsync("Checking IPAM data structures...").ConfigureAwait(false);
        var report = await Ipam(session).CheckAsync(ct).ConfigureAwait(false);
        foreach (var p in report.Problems)
        {
            await o.WriteLineAsync($"  {p.Kind}: {p.Detail}").ConfigureAwait(false);
        }

        await o.WriteLineAsync($"Found {report.Problems.Count} problems in the IPAM data structures ({report.Handles} handles).").ConfigureAwait(false);
        var total = leaked.Count + unallocated.Count + report.Problems.Count;
        await o.WriteLineAsync($"Check complete; found {total} problems.").ConfigureAwait(false);
        if (parsed.Get("output") is { } file)
        {
            var json = new IpamReport(
                VersionCommand.ClientVersion,
                ctx.Time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                report.Blocks, report.Handles, allocated.Count, inUse.Count, leaked,
                [.. report.Problems.Select(p => new ReportedProblem(p.Kind.ToString(), p.Subject, p.Detail))]);
            await File.WriteAllTextAsync(ctx.ResolvePath(file), JsonSerializer.Serialize(json, CtlJsonContext.Default.IpamReport) + "\n", ct).ConfigureAwait(false);
            await o.WriteLineAsync($"Report written to {file}").ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Addresses workload endpoints (ipNetworks) and nodes (tunnel and BGP addresses) use.</summary>
    private static async Task<HashSet<string>> InUseAddressesAsync(IDatastore store, TextWriter o, CancellationToken ct)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        await o.WriteLineAsync("Loading all nodes.").ConfigureAwait(false);
        var tunnels = 0;
        foreach (var node in (await store.ListAllAsync(ResourceKinds.Node, cancellationToken: ct).ConfigureAwait(false)).Items.Cast<Node>())
        {
            foreach (var a in new[] { node.Spec.IPv4VxlanTunnelAddr, node.Spec.IPv6VxlanTunnelAddr, node.Spec.Bgp?.IPv4IpipTunnelAddr })
            {
                if (Host(a) is { } ip && used.Add(ip))
                {
                    tunnels++;
                }
            }
        }

        await o.WriteLineAsync($"Found {tunnels} node tunnel IPs.").ConfigureAwait(false);
        await o.WriteLineAsync("Loading all workload endpoints.").ConfigureAwait(false);
        var workloads = 0;
        foreach (var wep in (await store.ListAllAsync(ResourceKinds.WorkloadEndpoint, cancellationToken: ct).ConfigureAwait(false)).Items.Cast<WorkloadEndpoint>())
        {
            foreach (var net in wep.Spec.IpNetworks ?? [])
            {
                if (Host(net) is { } ip && used.Add(ip))
                {
                    workloads++;
                }
            }
        }

        await o.WriteLineAsync($"Found {workloads} workload IPs.").ConfigureAwait(false);
        return used;
    }

    private static string? Secondary(AllocationAttribute attribute, string key) =>
        attribute.Secondary is { } secondary && secondary.TryGetValue(key, out var value) ? value : null;

    private static string? Host(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return IPAddress.TryParse(slash >= 0 ? text[..slash] : text, out var ip) ? ip.ToString() : null;
    }

    private static async Task<int> ReleaseAsync(CtlContext ctx, string[] args)
    {
        var parsed = ParsedArgs.Parse(args, ArgSpec.Create().Value("ip").Value("from-report").Flag("force"));
        await using var session = new Session(ctx, parsed);
        var ipam = Ipam(session);
        var ct = ctx.CancellationToken;
        if (parsed.GetAll("ip") is { Count: > 0 } ips)
        {
            foreach (var text in ips)
            {
                if (!IPAddress.TryParse(text, out var ip))
                {
                    throw new CtlException($"invalid IP address: \"{text}\"");
                }

                var released = await ipam.ReleaseAsync([new ReleaseIpRequest(ip)], ct).ConfigureAwait(false);
                if (released.Count == 0)
                {
                    throw new CtlException($"IP address {ip} is not assigned");
                }

                await ctx.Out.WriteLineAsync($"Successfully released IP address {ip}").ConfigureAwait(false);
            }

            return 0;
        }

        if (parsed.Get("from-report") is not { } file)
        {
            throw new CtlException("Usage: calicoctl ipam release [--ip=<IP>] [--from-report=<REPORT>] [--force]");
        }

        IpamReport report;
        try
        {
            report = JsonSerializer.Deserialize(await File.ReadAllTextAsync(ctx.ResolvePath(file), ct).ConfigureAwait(false), CtlJsonContext.Default.IpamReport)
                ?? throw new CtlException($"the report {file} is empty");
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            throw new CtlException($"cannot read the report {file}: {ex.Message}");
        }

        if (!parsed.Has("force"))
        {
            var info = await session.Store.GetAsync(ResourceKinds.ClusterInformation, null, DatastoreBootstrap.ClusterInformationName, ct).ConfigureAwait(false) as ClusterInformation;
            if (info?.Spec.DatastoreReady != false)
            {
                throw new CtlException("Datastore is not locked. Run the `calicoctl datastore migrate lock` command in order to release leaked IPs, or use --force.");
            }
        }

        // The sequence number pins each allocation: an address freed and reassigned since the report is left alone.
        var requests = report.LeakedAddresses.Select(l => new ReleaseIpRequest(IPAddress.Parse(l.Ip), l.SequenceNumber)).ToList();
        var done = requests.Count == 0 ? [] : await ipam.ReleaseAsync(requests, ct).ConfigureAwait(false);
        await ctx.Out.WriteLineAsync($"Released {done.Count} IPs successfully").ConfigureAwait(false);
        if (done.Count < requests.Count)
        {
            await ctx.Out.WriteLineAsync($"{requests.Count - done.Count} IPs of the report were not released: they were freed or reassigned since the report was made").ConfigureAwait(false);
        }

        return 0;
    }
}
