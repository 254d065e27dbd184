using System.Security.Cryptography;
using System.Text;
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

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var prefix = new string([.. text.Take(40).Select(c => IsSafe(c) ? c : '_')]);
        return prefix + "_" + Convert.ToHexStringLower(hash.AsSpan(0, 10));
    }

    private static bool IsSafe(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or '/';
}
