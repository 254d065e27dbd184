using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Calico.Sdk.Datastore;
using Calico.Sdk.Hashing;
using Calico.Sdk.Hosting.Configuration;
using Calico.Sdk.Linux;
using Calico.Sdk.Resources;
using Calico.Sdk.Validation;

namespace Calico.Sdk.Hosting.Agent;

/// <summary>The one-time steps of calico-node's start-up: default pools, address detection, the Node resource, CNI files.</summary>
internal static class NodeStartup
{
    /// <summary>
    /// Creates each default pool unless a pool of its family exists. Safe when several agents start at once: the pool
    /// name is fixed, so exactly one create wins and the others see <see cref="ResourceAlreadyExistsException"/>.
    /// </summary>
    public static async Task<int> EnsureDefaultPoolsAsync(IDatastore store, IReadOnlyList<IPPool> pools, CancellationToken ct)
    {
        if (pools.Count == 0)
        {
            return 0;
        }

        var existing = await store.ListAsync(ResourceKinds.IPPool, cancellationToken: ct).ConfigureAwait(false);
        var created = 0;
        foreach (var pool in pools)
        {
            var v6 = pool.Spec.Cidr!.Contains(':', StringComparison.Ordinal);
            if (existing.Items.Any(p => p is IPPool e && e.Spec.Cidr is { } c && c.Contains(':', StringComparison.Ordinal) == v6))
            {
                continue;
            }

            var copy = Serialization.ResourceSerializer.Clone(pool);
            ResourceDefaults.Apply(copy);
            ResourceValidator.ThrowIfInvalid(copy);
            try
            {
                await store.CreateAsync(ResourceKinds.IPPool, copy, ct).ConfigureAwait(false);
                created++;
            }
            catch (ResourceAlreadyExistsException)
            {
                // Another agent created it first: keep theirs.
            }
        }

        return created;
    }

    /// <summary>Finds the node's address as <c>IP</c>/<c>IP6</c> and <c>IP_AUTODETECTION_METHOD</c> say.</summary>
    public static (IPAddress Address, int PrefixLength)? DetectAddress(NetlinkRoute netlink, string setting, string method, AddressFamily family, IReadOnlyList<string> workloadPrefixes)
    {
        if (setting == "none")
        {
            return null;
        }

        if (setting != "autodetect")
        {
            var slash = setting.IndexOf('/', StringComparison.Ordinal);
            return slash < 0
                ? (IPAddress.Parse(setting), family == AddressFamily.InterNetwork ? 32 : 128)
                : (IPAddress.Parse(setting.AsSpan(0, slash)), int.Parse(setting.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture));
        }

        var links = netlink.GetLinks().ToDictionary(l => l.Index, l => l.Name);
        Regex? include = method.StartsWith("interface=", StringComparison.Ordinal) ? new Regex(method[10..], RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) : null;
        Regex? exclude = method.StartsWith("skip-interface=", StringComparison.Ordinal) ? new Regex(method[15..], RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) : null;
        var cidrs = method.StartsWith("cidr=", StringComparison.Ordinal)
            ? method[5..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(IPNetwork.Parse).ToList()
            : null;
        foreach (var a in netlink.GetAddresses(family).OrderBy(a => a.InterfaceIndex))
        {
            var name = links.GetValueOrDefault(a.InterfaceIndex, string.Empty);
            if (name == "lo" || name.StartsWith("docker", StringComparison.Ordinal) || name.StartsWith("kube-ipvs", StringComparison.Ordinal)
                || name.StartsWith("vxlan", StringComparison.Ordinal) || name.StartsWith("tunl", StringComparison.Ordinal)
                || workloadPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))
                || a.Address.IsIPv6LinkLocal || IPAddress.IsLoopback(a.Address) || (a.Scope is { } scope && scope != 0))
            {
                continue;
            }

            if ((include is not null && !include.IsMatch(name)) || (exclude is not null && exclude.IsMatch(name))
                || (cidrs is not null && !cidrs.Any(c => c.Contains(a.Address))))
            {
                continue;
            }

            return (a.Address, a.PrefixLength);
        }

        throw new NodeConfigurationException(
            $"{(family == AddressFamily.InterNetwork ? "IP" : "IP6")}=autodetect with IP_AUTODETECTION_METHOD={method}: no matching global address on any interface; set {(family == AddressFamily.InterNetwork ? "IP" : "IP6")} explicitly");
    }

    /// <summary>A stable, locally administered unicast MAC for the node's VXLAN device (same name → same MAC).</summary>
    public static string VxlanMac(string nodeName, string family)
    {
        var hash = Sha256.HashData(Encoding.UTF8.GetBytes(family + "/" + nodeName));
        hash[0] = (byte)((hash[0] & 0xfe) | 0x02);
        return string.Join(':', hash.Take(6).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Creates or updates this node's Node resource (compare-and-swap, retried on conflict), keeping fields others own.
    /// <paramref name="vxlanAddressV6"/>/<paramref name="vxlanMacV6"/> are the IPv6 VXLAN tunnel address and MAC
    /// (<c>ipv6VXLANTunnelAddr</c>, <c>vxlanTunnelMACAddrV6</c>; null when the node has no IPv6 VXLAN); <paramref name="asNumber"/>
    /// (calico-node's <c>AS</c>) sets <c>spec.bgp.asNumber</c> when given and leaves it alone otherwise.</summary>
    public static async Task<Node> RegisterNodeAsync(
        IDatastore store, string name, (IPAddress Address, int Prefix)? v4, (IPAddress Address, int Prefix)? v6, string? vxlanAddress, string? vxlanMac, CancellationToken ct,
        string? vxlanAddressV6 = null, string? vxlanMacV6 = null, AsNumber? asNumber = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var existing = (Node?)await store.GetAsync(ResourceKinds.Node, null, name, ct).ConfigureAwait(false);
            var node = existing ?? new Node { Metadata = { Name = name } };
            node.Spec.Bgp ??= new NodeBgpSpec();
            node.Spec.Bgp.IPv4Address = v4 is { } a ? $"{a.Address}/{a.Prefix}" : null;
            node.Spec.Bgp.IPv6Address = v6 is { } b ? $"{b.Address}/{b.Prefix}" : null;
            if (asNumber is { } asn)
            {
                // calico-node's AS variable: the node's own AS number, overriding BGPConfiguration's default.
                node.Spec.Bgp.AsNumber = asn;
            }

            node.Spec.IPv4VxlanTunnelAddr = vxlanAddress;
            node.Spec.VxlanTunnelMacAddr = vxlanAddress is null ? null : vxlanMac;
            node.Spec.IPv6VxlanTunnelAddr = vxlanAddressV6;
            node.Spec.VxlanTunnelMacAddrV6 = vxlanAddressV6 is null ? null : vxlanMacV6;
            var addresses = new List<NodeAddress>();
            if (v4 is { } c)
            {
                addresses.Add(new NodeAddress { Address = $"{c.Address}/{c.Prefix}", Type = "CalicoNodeIP" });
            }

            if (v6 is { } d)
            {
                addresses.Add(new NodeAddress { Address = $"{d.Address}/{d.Prefix}", Type = "CalicoNodeIP" });
            }

            node.Spec.Addresses = addresses;
            if (node.Spec.Bgp.IPv4Address is null && node.Spec.Bgp.IPv6Address is null && node.Spec.Bgp.AsNumber is null)
            {
                node.Spec.Bgp = null;
            }

            try
            {
                var stored = existing is null
                    ? await store.CreateAsync(ResourceKinds.Node, node, ct).ConfigureAwait(false)
                    : await store.UpdateAsync(ResourceKinds.Node, node, ct).ConfigureAwait(false);
                return (Node)stored;
            }
            catch (Exception ex) when (ex is ResourceConflictException or ResourceAlreadyExistsException or ResourceNotFoundException && attempt < 20)
            {
                // Someone else wrote the node at the same moment (calicoctl, a previous instance): read and retry.
            }
        }
    }

    /// <summary>Writes the <c>nodename</c> and <c>mtu</c> files Calico's CNI plugin reads.</summary>
    public static void WriteCniFiles(string directory, string nodeName, int mtu)
    {
        Directory.CreateDirectory(directory);
        WriteIfChanged(Path.Combine(directory, "nodename"), nodeName);
        WriteIfChanged(Path.Combine(directory, "mtu"), mtu.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The workload MTU: the smallest MTU of host interfaces matching Felix's <c>MtuIfacePattern</c>, minus the largest
    /// overhead of the encapsulations the enabled pools use (VXLAN over IPv4 50 or Felix's <c>vxlanMTU</c>, VXLAN over
    /// IPv6 70 or <c>vxlanMTUV6</c>, IP-in-IP 20).
    /// </summary>
    /// <exception cref="NodeConfigurationException"><c>vxlanMTUV6</c> is set to something else than a non-negative integer.</exception>
    public static int WorkloadMtu(NetlinkRoute netlink, FelixSettings settings, IEnumerable<IPPool> pools)
    {
        var regex = new Regex(settings.MtuIfacePattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var mtus = netlink.GetLinks().Where(l => regex.IsMatch(l.Name) && l.Mtu > 0).Select(l => l.Mtu).ToList();
        var host = mtus.Count == 0 ? 1500 : mtus.Min();

        // vxlanMTUV6 is not among the parameters FelixSettings types, so it is read (and checked) here.
        var text = settings.Get("VxlanMtuV6");
        var vxlanMtuV6 = 0;
        if (text is not null && (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out vxlanMtuV6) || vxlanMtuV6 < 0))
        {
            throw new NodeConfigurationException($"Felix parameter VxlanMtuV6='{text}' (from {settings.SourceOf("VxlanMtuV6")}) is invalid: expected a non-negative integer (0: host MTU − 70)");
        }

        return WorkloadMtu(host, pools, settings.VxlanMtu, vxlanMtuV6);
    }

    /// <summary>
    /// The workload MTU for a host MTU: the minimum over the tunnel MTUs of the encapsulations the enabled pools use
    /// (as Calico: an explicit <c>vxlanMTU</c>/<c>vxlanMTUV6</c> is taken as given), the host MTU when none does.
    /// </summary>
    public static int WorkloadMtu(int hostMtu, IEnumerable<IPPool> pools, int vxlanMtu, int vxlanMtuV6)
    {
        int? mtu = null;
        foreach (var pool in pools.Where(p => p.Spec.Disabled != true))
        {
            var v6 = pool.Spec.Cidr is { } cidr && cidr.Contains(':', StringComparison.Ordinal);
            int? tunnel = RoutingTracker.EncapsulationOf(pool) switch
            {
                Routing.Encapsulation.VxlanAlways or Routing.Encapsulation.VxlanCrossSubnet when v6 => vxlanMtuV6 > 0 ? vxlanMtuV6 : hostMtu - 70,
                Routing.Encapsulation.VxlanAlways or Routing.Encapsulation.VxlanCrossSubnet => vxlanMtu > 0 ? vxlanMtu : hostMtu - 50,
                Routing.Encapsulation.IpipAlways or Routing.Encapsulation.IpipCrossSubnet => hostMtu - 20,
                _ => null,
            };
            mtu = tunnel is { } t && (mtu is null || t < mtu) ? t : mtu;
        }

        return mtu ?? hostMtu;
    }

    private static void WriteIfChanged(string path, string content)
    {
        if (File.Exists(path) && File.ReadAllText(path) == content)
        {
            return;
        }

        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
    }
}
