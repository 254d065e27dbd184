using System.Globalization;
using System.Net;
using Calico.Ctl.Cli;
using Calico.Sdk.Datastore;
using Calico.Sdk.Policy;
using Calico.Sdk.Resources;

namespace Calico.Ctl.Commands;

/// <summary>
/// <c>policy trace --src=ENDPOINT --dst=ENDPOINT [--protocol=tcp] [--port=N] [--src-port=N]</c> (beyond Calico):
/// loads endpoints, policies, tiers, profiles and network sets from the datastore into the policy engine (every
/// endpoint local) and asks its evaluator for the verdict of a new connection and the rule that decides it.
/// An endpoint is an IP address, <c>NAMESPACE/WEP-NAME</c> (or a WEP name with <c>-n</c>), or <c>hep/NAME</c>.
/// </summary>
internal static class PolicyCommand
{
    private static readonly ResourceKind[] Inputs =
    [
        ResourceKinds.Tier, ResourceKinds.Profile, ResourceKinds.NetworkSet, ResourceKinds.GlobalNetworkSet,
        ResourceKinds.NetworkPolicy, ResourceKinds.GlobalNetworkPolicy, ResourceKinds.StagedNetworkPolicy,
        ResourceKinds.StagedGlobalNetworkPolicy, ResourceKinds.KubernetesNetworkPolicy,
        ResourceKinds.WorkloadEndpoint, ResourceKinds.HostEndpoint,
    ];

    public static async Task<int> RunAsync(CtlContext ctx, string[] args)
    {
        var (trace, rest) = CtlApp.Split(args);
        if (trace != "trace")
        {
            throw new CtlException("Usage: calicoctl policy trace --src=<ENDPOINT> --dst=<ENDPOINT> [--protocol=<tcp|udp|sctp|icmp|NUMBER>] [--port=<PORT>] [--src-port=<PORT>] [--namespace=<NS>]");
        }

        var parsed = ParsedArgs.Parse(rest, ArgSpec.Create().Value("src").Value("dst").Value("protocol").Value("port").Value("src-port").Value("namespace", "n"));
        if (parsed.Get("src") is not { } srcText || parsed.Get("dst") is not { } dstText)
        {
            throw new CtlException("policy trace needs --src and --dst (an IP address, NAMESPACE/WEP-NAME or hep/NAME)");
        }

        var protocol = Protocol(parsed.Get("protocol") ?? "tcp");
        var port = Port(parsed.Get("port"), "--port");
        var srcPort = Port(parsed.Get("src-port"), "--src-port");
        await using var session = new Session(ctx, parsed);
        var updates = new List<PolicyUpdate>();
        updates.AddRange(BuiltInTiers.Create().Select(PolicyUpdate.Upsert));
        var weps = new List<WorkloadEndpoint>();
        var heps = new List<HostEndpoint>();
        foreach (var kind in Inputs)
        {
            foreach (var r in (await session.Store.ListAllAsync(kind, cancellationToken: ctx.CancellationToken).ConfigureAwait(false)).Items)
            {
                updates.Add(PolicyUpdate.Upsert(r));
                switch (r)
                {
                    case WorkloadEndpoint w:
                        weps.Add(w);
                        break;
                    case HostEndpoint h:
                        heps.Add(h);
                        break;
                }
            }
        }

        var ns = parsed.Get("namespace") ?? Namespaces.Default;
        var (src, srcName) = Resolve(srcText, ns, weps, heps);
        var (dst, dstName) = Resolve(dstText, ns, weps, heps);
        var engine = new PolicyEngine();
        try
        {
            engine.Apply(updates);
        }
        catch (PolicyInputException ex)
        {
            throw new CtlException("the stored policy cannot be evaluated: " + ex.Message);
        }

        var flow = new Flow(src, dst, protocol, port) { SourcePort = srcPort };
        var decision = engine.Evaluate(flow);
        var o = ctx.Out;
        await o.WriteLineAsync($"Flow:       {src} -> {dst} protocol {ProtocolName(protocol)} port {port} ({srcName} -> {dstName})").ConfigureAwait(false);
        await o.WriteLineAsync($"Verdict:    {decision.Verdict}").ConfigureAwait(false);
        await o.WriteLineAsync($"Decided by: {(decision.DecidedBy is { } d ? Describe(d) : "no stage applied")}").ConfigureAwait(false);
        await o.WriteLineAsync("Stages:").ConfigureAwait(false);
        foreach (var stage in decision.Stages.ToArray())
        {
            await o.WriteLineAsync("  " + Describe(stage)).ConfigureAwait(false);
        }

        await o.WriteLineAsync("Trace:").ConfigureAwait(false);
        foreach (var step in decision.Trace.ToArray())
        {
            await o.WriteLineAsync("  " + step).ConfigureAwait(false);
        }

        return 0;
    }

    private static string Describe(StageDecision s)
    {
        var text = $"{s.Stage} {s.Endpoint}: {s.Verdict} ({s.Reason}";
        text += s.Tier is { } t ? $", tier {t}" : string.Empty;
        text += s.Policy is { } p ? $", {(s.Reason == DecisionReason.ProfileRule ? "profile" : "policy")} {p}" : string.Empty;
        text += s.RuleIndex is { } i ? $", {(s.Stage.ToString().Contains("Egress", StringComparison.Ordinal) ? "egress" : "ingress")} rule {i}" : string.Empty;
        return text + ")";
    }

    private static (IPAddress Address, string Name) Resolve(string text, string ns, List<WorkloadEndpoint> weps, List<HostEndpoint> heps)
    {
        if (IPAddress.TryParse(text, out var ip))
        {
            var wep = weps.FirstOrDefault(w => w.Spec.IpNetworks?.Any(n => n.Split('/')[0] == ip.ToString()) == true);
            var hep = heps.FirstOrDefault(h => h.Spec.ExpectedIPs?.Contains(ip.ToString()) == true);
            return (ip, wep is not null ? $"wep/{wep.Metadata.Namespace}/{wep.Metadata.Name}" : hep is not null ? $"hep/{hep.Metadata.Name}" : "no endpoint");
        }

        if (text.StartsWith("hep/", StringComparison.Ordinal))
        {
            var name = text[4..];
            var hep = heps.FirstOrDefault(h => h.Metadata.Name == name) ?? throw new CtlException($"host endpoint {name} does not exist");
            var first = hep.Spec.ExpectedIPs?.FirstOrDefault() ?? throw new CtlException($"host endpoint {name} has no expectedIPs to trace from/to");
            return (IPAddress.Parse(first), text);
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var (wns, wname) = slash >= 0 ? (text[..slash], text[(slash + 1)..]) : (ns, text);
        var endpoint = weps.FirstOrDefault(w => w.Metadata.Namespace == wns && w.Metadata.Name == wname)
            ?? throw new CtlException($"workload endpoint {wns}/{wname} does not exist (give an IP address, NAMESPACE/WEP-NAME or hep/NAME)");
        var net = endpoint.Spec.IpNetworks?.FirstOrDefault() ?? throw new CtlException($"workload endpoint {wns}/{wname} has no ipNetworks");
        return (IPAddress.Parse(net.Split('/')[0]), $"wep/{wns}/{wname}");
    }

    private static byte Protocol(string text) => text.ToLowerInvariant() switch
    {
        "tcp" => 6,
        "udp" => 17,
        "sctp" => 132,
        "icmp" => 1,
        "icmpv6" => 58,
        var n when byte.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var b) => b,
        _ => throw new CtlException($"invalid --protocol \"{text}\" (tcp, udp, sctp, icmp, icmpv6 or a number 0-255)"),
    };

    private static string ProtocolName(byte p) => p switch
    {
        6 => "TCP",
        17 => "UDP",
        132 => "SCTP",
        1 => "ICMP",
        58 => "ICMPv6",
        _ => p.ToString(CultureInfo.InvariantCulture),
    };

    private static int Port(string? text, string flag) =>
        text is null ? 0
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p <= 65535 ? p
        : throw new CtlException($"invalid {flag} \"{text}\" (0-65535)");
}
