using System.Text;
using Calico.Sdk.Hashing;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Nftables.Rendering;

/// <summary>
/// Names of the objects in our table. Readable names when the text is a safe nft identifier, otherwise a
/// prefix plus a hash, so any policy, profile, set id or interface name maps to a valid, unique, stable name.
/// </summary>
internal static class NftNames
{
    /// <summary>Base chain on the forward hook.</summary>
    public const string Forward = "forward";

    /// <summary>Base chain on the input hook.</summary>
    public const string Input = "input";

    /// <summary>Workload → host chain (defaultEndpointToHostAction after egress policy).</summary>
    public const string WorkloadToHost = "wl-to-host";

    /// <summary>Dispatch chain for traffic from workloads.</summary>
    public const string FromWorkload = "from-wl";

    /// <summary>Dispatch chain for traffic to workloads.</summary>
    public const string ToWorkload = "to-wl";

    /// <summary>Verdict map interface → from-workload endpoint chain.</summary>
    public const string FromDispatchMap = "from-wl-dispatch";

    /// <summary>Verdict map interface → to-workload endpoint chain.</summary>
    public const string ToDispatchMap = "to-wl-dispatch";

    /// <summary>Base chain on the output hook (host endpoint egress).</summary>
    public const string Output = "output";

    /// <summary>Base chain on prerouting at raw priority (untracked host endpoint ingress, before conntrack).</summary>
    public const string RawPrerouting = "raw-prerouting";

    /// <summary>Base chain on output at raw priority (untracked host endpoint egress, before conntrack).</summary>
    public const string RawOutput = "raw-output";

    /// <summary>Base chain on prerouting at mangle priority (preDNAT host endpoint ingress, before DNAT).</summary>
    public const string PreDnat = "prerouting";

    /// <summary>Base chain on postrouting at source-NAT priority (NAT outgoing).</summary>
    public const string NatOutgoing = "nat-outgoing";

    /// <summary>Set of (protocol . port) always allowed into host endpoints.</summary>
    public const string FailsafeIn = "failsafe-in";

    /// <summary>Set of (protocol . port) always allowed out of host endpoints.</summary>
    public const string FailsafeOut = "failsafe-out";

    /// <summary>Chain holding the jump to the all-interfaces (<c>*</c>) host endpoint's ingress chain, if any.</summary>
    public const string AnyHostIngress = "hep-any-in";

    /// <summary>Chain holding the jump to the all-interfaces host endpoint's egress chain, if any.</summary>
    public const string AnyHostEgress = "hep-any-out";

    /// <summary>Chain holding the jump to the all-interfaces host endpoint's preDNAT chain, if any.</summary>
    public const string AnyHostPreDnat = "hep-any-pre";

    // Longest readable suffix; longer ones are hashed (nft allows 256, but keep listings readable).
    private const int MaxReadable = 96;

    /// <summary>Chain holding a policy's (or profile's) ingress rules.</summary>
    public static string PolicyIngress(PolicyId id) => "pi-" + Safe(id.ToString());

    /// <summary>Chain holding a policy's (or profile's) egress rules.</summary>
    public static string PolicyEgress(PolicyId id) => "po-" + Safe(id.ToString());

    /// <summary>Endpoint chain for traffic to the workload behind <paramref name="iface"/> (Felix's cali-tw-).</summary>
    public static string ToEndpoint(string iface) => "tw-" + Safe(iface);

    /// <summary>Endpoint chain for traffic from the workload behind <paramref name="iface"/> (Felix's cali-fw-).</summary>
    public static string FromEndpoint(string iface) => "fw-" + Safe(iface);

    /// <summary>A host endpoint's chain for one stage (see <see cref="HostStage"/>); keyed by the endpoint name.</summary>
    public static string HostChain(HostStage stage, string endpointName) => stage switch
    {
        HostStage.Ingress => "fh-",
        HostStage.Egress => "th-",
        HostStage.ForwardIngress => "fhfw-",
        HostStage.ForwardEgress => "thfw-",
        HostStage.UntrackedIngress => "ui-",
        HostStage.UntrackedEgress => "uo-",
        HostStage.UntrackedForwardEgress => "uof-",
        _ => "pre-",
    } + Safe(endpointName);

    /// <summary>The verdict map dispatching one stage by interface name (or by address for <see cref="HostStage.Ingress"/>).</summary>
    public static string HostDispatch(HostStage stage) => "hep-" + stage switch
    {
        HostStage.Ingress => "in",
        HostStage.Egress => "out",
        HostStage.ForwardIngress => "fwd-in",
        HostStage.ForwardEgress => "fwd-out",
        HostStage.UntrackedIngress => "raw-in",
        HostStage.UntrackedEgress => "raw-out",
        HostStage.UntrackedForwardEgress => "raw-fwd-out",
        _ => "pre",
    };

    /// <summary>Verdict map destination address → host endpoint ingress chain (workload → host with Return).</summary>
    public static string HostAddressDispatch(int family) => family == 4 ? "hep-addr4" : "hep-addr6";

    /// <summary>The nft set holding one family's members of IP set <paramref name="id"/>.</summary>
    public static string Set(string id, int family) => (family == 4 ? "ip4-" : "ip6-") + Safe(id.Replace(':', '-'));

    /// <summary>Quotes a string for nft (interface names, prefixes); rejects characters nft cannot quote.</summary>
    public static string Quote(string text)
    {
        if (text.Contains('"', StringComparison.Ordinal) || text.Any(char.IsControl))
        {
            throw new ArgumentException($"'{text}' contains a quote or control character and cannot be written to nft", nameof(text));
        }

        return "\"" + text + "\"";
    }

    private static string Safe(string text)
    {
        if (text.Length <= MaxReadable && text.Length > 0 && text.All(IsSafe))
        {
            return text;
        }

        var hash = Sha256.HashData(Encoding.UTF8.GetBytes(text));
        var prefix = new string([.. text.Take(40).Select(c => IsSafe(c) ? c : '_')]);
        return prefix + "_" + Convert.ToHexStringLower(hash.AsSpan(0, 10));
    }

    private static bool IsSafe(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or '/';
}
