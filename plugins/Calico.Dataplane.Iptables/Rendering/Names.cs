using System.Text;
using Calico.Sdk.Hashing;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Iptables.Rendering;

/// <summary>
/// Names of our chains and IP sets. Chains start with <c>cali-</c> (at most 28 characters, the xtables limit),
/// IP sets with <c>cali40</c>/<c>cali60</c> (selector and named-port sets), <c>cali4c</c>/<c>cali6c</c> (CIDR lists of
/// rules and anti-spoofing) or <c>calitmp</c> (swap targets of a full sync): at most 31 characters, the ipset
/// limit. Readable when the text fits and is safe; otherwise a prefix plus a SHA-256 suffix, so every id maps
/// to a valid, unique, stable name.
/// </summary>
internal static class Names
{
    /// <summary>Prefix of every chain we own.</summary>
    public const string ChainPrefix = "cali-";

    /// <summary>Our chain jumped to from the built-in FORWARD chain.</summary>
    public const string Forward = "cali-FORWARD";

    /// <summary>Our chain jumped to from the built-in INPUT chain.</summary>
    public const string Input = "cali-INPUT";

    /// <summary>Workload → host chain (defaultEndpointToHostAction after egress policy).</summary>
    public const string WorkloadToHost = "cali-wl-to-host";

    /// <summary>Dispatch chain for traffic from workloads (interface → <c>cali-fw-IFACE</c>).</summary>
    public const string FromDispatch = "cali-from-wl-dispatch";

    /// <summary>Dispatch chain for traffic to workloads (interface → <c>cali-tw-IFACE</c>).</summary>
    public const string ToDispatch = "cali-to-wl-dispatch";

    /// <summary>Our chain jumped to from OUTPUT (filter and raw tables: host endpoint egress).</summary>
    public const string Output = "cali-OUTPUT";

    /// <summary>Our chain jumped to from PREROUTING (raw: doNotTrack ingress; mangle: preDNAT).</summary>
    public const string Prerouting = "cali-PREROUTING";

    /// <summary>Host endpoint dispatch for traffic arriving on a host interface (interface → <c>cali-fh-</c>).</summary>
    public const string FromHostEndpoint = "cali-from-host-endpoint";

    /// <summary>Host endpoint dispatch for traffic leaving through a host interface (interface → <c>cali-th-</c>).</summary>
    public const string ToHostEndpoint = "cali-to-host-endpoint";

    /// <summary>applyOnForward dispatch for forwarded traffic arriving on a host interface.</summary>
    public const string FromHostEndpointForward = "cali-from-hep-forward";

    /// <summary>applyOnForward dispatch for forwarded traffic leaving through a host interface.</summary>
    public const string ToHostEndpointForward = "cali-to-hep-forward";

    /// <summary>Workload → host with Return: the host endpoint owning the destination address (expectedIPs).</summary>
    public const string HostEndpointByAddress = "cali-hep-by-address";

    /// <summary>Failsafe inbound ports (accepted ahead of host endpoint policy).</summary>
    public const string FailsafeIn = "cali-failsafe-in";

    /// <summary>Failsafe outbound ports (accepted ahead of host endpoint policy).</summary>
    public const string FailsafeOut = "cali-failsafe-out";

    /// <summary>Prefix of the swap targets used while a full sync rewrites a set.</summary>
    public const string TempSetPrefix = "calitmp";

    private const int MaxChain = 28;
    private const int MaxSet = 31;

    /// <summary>Whether an ipset name is one of ours.</summary>
    public static bool IsOurSet(string name) =>
        name.StartsWith("cali40", StringComparison.Ordinal) || name.StartsWith("cali60", StringComparison.Ordinal)
        || name.StartsWith("cali4c", StringComparison.Ordinal) || name.StartsWith("cali6c", StringComparison.Ordinal)
        || name.StartsWith(TempSetPrefix, StringComparison.Ordinal);

    /// <summary>Chain holding a policy's (or profile's) ingress rules.</summary>
    public static string PolicyIngress(PolicyId id) => Chain("cali-pi-", id.ToString());

    /// <summary>Chain holding a policy's (or profile's) egress rules.</summary>
    public static string PolicyEgress(PolicyId id) => Chain("cali-po-", id.ToString());

    /// <summary>Endpoint chain for traffic to the workload behind <paramref name="iface"/> (Felix's cali-tw-).</summary>
    public static string ToEndpoint(string iface) => Chain("cali-tw-", iface);

    /// <summary>Endpoint chain for traffic from the workload behind <paramref name="iface"/> (Felix's cali-fw-).</summary>
    public static string FromEndpoint(string iface) => Chain("cali-fw-", iface);

    /// <summary>
    /// A host endpoint's chain: <paramref name="prefix"/> is <c>cali-fh-</c> (from the host endpoint: ingress),
    /// <c>cali-th-</c> (to it: egress), <c>cali-fhfw-</c>/<c>cali-thfw-</c> (applyOnForward) or <c>cali-thfwu-</c>
    /// (doNotTrack egress of forwarded traffic); named after the HostEndpoint, not the interface.
    /// </summary>
    public static string HostEndpoint(string prefix, string endpointName) => Chain(prefix, endpointName);

    /// <summary>The ipset holding one family's members of IP set <paramref name="id"/>.</summary>
    public static string Set(string id, int family) => Bounded(family == 4 ? "cali40" : "cali60", id, MaxSet);

    /// <summary>The ipset holding a fixed list of CIDRs (a rule's nets, an endpoint's own addresses).</summary>
    public static string CidrSet(int family, IEnumerable<string> sortedElements) =>
        (family == 4 ? "cali4c" : "cali6c") + Hash(string.Join('\n', sortedElements), 12);

    /// <summary>Whether a character may appear in an interface name we write into a rule.</summary>
    public static bool IsInterfaceChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    /// <summary>Checks an interface name for use in <c>-i</c>/<c>-o</c>.</summary>
    /// <exception cref="ArgumentException">Empty, longer than 15 characters, or with characters iptables would misread.</exception>
    public static string Interface(string iface)
    {
        if (iface.Length is 0 or > 15 || !iface.All(IsInterfaceChar))
        {
            throw new ArgumentException($"interface name '{iface}' must be 1-15 letters, digits, '-', '_' or '.'", nameof(iface));
        }

        return iface;
    }

    private static string Chain(string prefix, string text) => Bounded(prefix, text, MaxChain);

    // Readable names never contain '_' (ids and interface names here have none), hashed ones always do.
    private static string Bounded(string prefix, string text, int max)
    {
        if (prefix.Length + text.Length <= max && text.Length > 0 && text.All(IsSafe))
        {
            return prefix + text;
        }

        const int hashLength = 10;
        var room = max - prefix.Length - hashLength - 1;
        var readable = new string([.. text.Take(room).Select(c => IsSafe(c) ? c : '.')]);
        return prefix + readable + "_" + Hash(text, hashLength);
    }

    private static string Hash(string text, int length) =>
        Convert.ToHexStringLower(Sha256.HashData(Encoding.UTF8.GetBytes(text))).Substring(0, length);

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '/' or ':';
}
