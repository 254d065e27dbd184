using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;

namespace Calico.Sdk.Linux.Workloads;

/// <summary>
/// Builds Calico's pod network model (what the CNI plugin does on ADD/DEL): a veth pair whose host end
/// (<c>cali…</c>, MAC <c>ee:ee:ee:ee:ee:ee</c>) stays in the host namespace and whose other end is the workload's
/// <c>eth0</c>; the pod's /32 and /128 addresses; inside the pod a default route via <c>169.254.1.1</c> (answered
/// by proxy ARP on the host end) and via the host end's link-local IPv6 address; on the host a /32 (/128) route
/// to the veth and the proxy-ARP / proxy-NDP / forwarding sysctls. Every step uses rtnetlink and procfs directly.
/// </summary>
public static class WorkloadPlumbing
{
    /// <summary>The fixed MAC of every host-side workload interface.</summary>
    public static readonly PhysicalAddress HostMac = PhysicalAddress.Parse("EE-EE-EE-EE-EE-EE");

    /// <summary>The IPv4 next hop workloads route through (proxy-ARPed by the host end).</summary>
    public static readonly IPAddress IPv4Gateway = IPAddress.Parse("169.254.1.1");

    /// <summary>The host end's link-local address (EUI-64 of <see cref="HostMac"/>), the workloads' IPv6 next hop.</summary>
    public static readonly IPAddress IPv6Gateway = IPAddress.Parse("fe80::ecee:eeff:feee:eeee");

    /// <summary>
    /// Calico's host interface name for a workload: the prefix plus the first 11 hex digits of SHA-1 of the
    /// workload key (the CNI plugin uses <c>namespace.pod</c>), 15 characters in all with the default prefix.
    /// </summary>
    /// <param name="workloadKey">E.g. <c>default.nginx-1</c>.</param>
    /// <param name="prefix">The prefix (default <c>cali</c>).</param>
    /// <returns>The name.</returns>
    public static string HostInterfaceName(string workloadKey, string prefix = "cali")
    {
        ArgumentException.ThrowIfNullOrEmpty(workloadKey);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (prefix.Length > 14)
        {
            throw new ArgumentException($"interface prefix '{prefix}' is longer than 14 characters", nameof(prefix));
        }

        var hex = Convert.ToHexStringLower(Sha1.Hash(Encoding.UTF8.GetBytes(workloadKey)));
        return prefix + hex[..(15 - prefix.Length)];
    }

    /// <summary>Enables IPv4 and IPv6 forwarding in the host namespace (Felix does this at start).</summary>
    /// <param name="host">The host namespace, or null for the caller's.</param>
    public static void ConfigureHost(NetworkNamespace? host)
    {
        Sysctl.Write(
            [
                new("net.ipv4.ip_forward", "1"),
                new("net.ipv6.conf.all.forwarding", "1"),
            ],
            host);
    }

    /// <summary>Builds the workload's plumbing (see the type remarks): <see cref="CreatePair"/> then
    /// <see cref="Configure"/>. A stale host interface of the same name is replaced. On failure the veth is removed again.</summary>
    /// <param name="host">The host namespace, or null for the caller's.</param>
    /// <param name="container">The workload's namespace.</param>
    /// <param name="spec">What to build.</param>
    /// <returns>The result.</returns>
    /// <exception cref="NetlinkException">The kernel refused a step; the message names it.</exception>
    public static WorkloadNetwork Attach(NetworkNamespace? host, NetworkNamespace container, WorkloadNetworkSpec spec)
    {
        var index = CreatePair(host, container, spec);
        try
        {
            return Configure(host, container, index, spec);
        }
        catch
        {
            using var hostLinks = host is null ? NetlinkRoute.Open() : NetlinkRoute.Open(host);
            hostLinks.DeleteLink(index);
            throw;
        }
    }

    /// <summary>
    /// The first half of <see cref="Attach"/>, which needs no addresses: replaces a stale host interface of the same
    /// name and creates the veth pair (host end named, MAC <see cref="HostMac"/>, MTU; the other end in
    /// <paramref name="container"/>), both ends still down. A caller that is still allocating the addresses can run
    /// this meanwhile (the CNI plugin overlaps it with IPAM); <see cref="Configure"/> finishes the job.
    /// </summary>
    /// <param name="host">The host namespace, or null for the caller's.</param>
    /// <param name="container">The workload's namespace.</param>
    /// <param name="spec">Names, MTU and container MAC are used; <see cref="WorkloadNetworkSpec.Addresses"/> is not.</param>
    /// <returns>The host end's ifindex.</returns>
    /// <exception cref="NetlinkException">The kernel refused a step; the message names it.</exception>
    public static int CreatePair(NetworkNamespace? host, NetworkNamespace container, WorkloadNetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(spec);
        using var hostLinks = host is null ? NetlinkRoute.Open() : NetlinkRoute.Open(host);
        if (hostLinks.GetLink(spec.HostInterface) is not null)
        {
            hostLinks.DeleteLink(spec.HostInterface);
        }

        return hostLinks.AddLink(new VethLink(spec.HostInterface, spec.ContainerInterface)
        {
            MacAddress = HostMac,
            Mtu = spec.Mtu,
            PeerMtu = spec.Mtu,
            PeerMacAddress = spec.ContainerMac,
            PeerNamespace = container,
        }).Index;
    }

    /// <summary>
    /// The second half of <see cref="Attach"/>: sysctls on both ends, the workload's addresses and routes, both ends
    /// up, and the host routes when asked for. Does not remove the pair on failure (the caller owns it from
    /// <see cref="CreatePair"/>).
    /// </summary>
    /// <param name="host">The host namespace, or null for the caller's.</param>
    /// <param name="container">The workload's namespace.</param>
    /// <param name="hostInterfaceIndex">What <see cref="CreatePair"/> returned.</param>
    /// <param name="spec">The same spec, now with the addresses.</param>
    /// <returns>The result.</returns>
    /// <exception cref="NetlinkException">The kernel refused a step; the message names it.</exception>
    public static WorkloadNetwork Configure(NetworkNamespace? host, NetworkNamespace container, int hostInterfaceIndex, WorkloadNetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(spec);
        using var hostLinks = host is null ? NetlinkRoute.Open() : NetlinkRoute.Open(host);
        var hasV6 = spec.Addresses.Any(a => a.AddressFamily == AddressFamily.InterNetworkV6);
        Sysctl.Write(HostSysctls(spec.HostInterface, hasV6), host);
        var mac = ConfigureContainer(container, spec, hasV6);
        hostLinks.SetLink(hostInterfaceIndex, new LinkSettings { Up = true });
        if (spec.InstallHostRoutes)
        {
            var batch = hostLinks.CreateBatch();
            foreach (var address in spec.Addresses)
            {
                batch.ReplaceRoute(new RouteInfo(new IPNetwork(address, HostBits(address)))
                {
                    OutputInterface = hostInterfaceIndex,
                    Scope = RouteScope.Link,
                    Protocol = spec.HostRouteProtocol,
                });
            }

            batch.Execute();
        }

        return new WorkloadNetwork(spec.HostInterface, hostInterfaceIndex, spec.ContainerInterface, mac, spec.Addresses);
    }

    /// <summary>Removes a workload's plumbing: deleting the host end deletes the pair and its routes. Idempotent.</summary>
    /// <param name="host">The host namespace, or null for the caller's.</param>
    /// <param name="hostInterface">The host end's name.</param>
    /// <returns>Whether an interface was deleted.</returns>
    public static bool Detach(NetworkNamespace? host, string hostInterface)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostInterface);
        using var hostLinks = host is null ? NetlinkRoute.Open() : NetlinkRoute.Open(host);
        if (hostLinks.GetLink(hostInterface) is null)
        {
            return false;
        }

        hostLinks.DeleteLink(hostInterface);
        return true;
    }

    /// <summary>Removes the workload end of a veth from inside its namespace (which removes the host end too).
    /// Idempotent: a missing interface is not an error.</summary>
    /// <param name="container">The workload's namespace.</param>
    /// <param name="containerInterface">The workload end's name, e.g. <c>eth0</c>.</param>
    /// <returns>Whether an interface was deleted.</returns>
    public static bool DetachContainer(NetworkNamespace container, string containerInterface)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentException.ThrowIfNullOrEmpty(containerInterface);
        using var links = NetlinkRoute.Open(container);
        if (links.GetLink(containerInterface) is not { } link)
        {
            return false;
        }

        links.DeleteLink(link.Index);
        return true;
    }

    private static KeyValuePair<string, string>[] HostSysctls(string iface, bool hasV6)
    {
        // Slash form: interface names may contain dots.
        var v4 = "net/ipv4/conf/" + iface + "/";
        var v6 = "net/ipv6/conf/" + iface + "/";
        var values = new List<KeyValuePair<string, string>>
        {
            new(v4 + "route_localnet", "1"),
            new(v4 + "proxy_arp", "1"),
            new("net/ipv4/neigh/" + iface + "/proxy_delay", "0"),
            new(v4 + "forwarding", "1"),
            new(v6 + "accept_ra", "0"),
        };
        if (hasV6)
        {
            values.AddRange([new(v6 + "accept_dad", "0"), new(v6 + "disable_ipv6", "0"), new(v6 + "proxy_ndp", "1"), new(v6 + "forwarding", "1")]);
        }

        return [.. values];
    }

    private static PhysicalAddress? ConfigureContainer(NetworkNamespace container, WorkloadNetworkSpec spec, bool hasV6)
    {
        var ifName = spec.ContainerInterface;
        var forwarding = spec.AllowIpForwarding ? "1" : "0";
        var sysctls = new List<KeyValuePair<string, string>> { new("net.ipv4.ip_forward", forwarding) };
        if (hasV6)
        {
            sysctls.AddRange(
            [
                new("net/ipv6/conf/all/disable_ipv6", "0"),
                new("net/ipv6/conf/default/disable_ipv6", "0"),
                new("net/ipv6/conf/lo/disable_ipv6", "0"),
                new("net/ipv6/conf/" + ifName + "/accept_dad", "0"),
                new("net/ipv6/conf/all/forwarding", forwarding),
            ]);
        }

        // One thread in the container's namespace for both: its sysctls, and the netlink socket (which stays there).
        using var links = container.Run(() =>
        {
            Sysctl.Write(sysctls);
            return NetlinkRoute.Open();
        });
        var link = links.GetLink(ifName) ?? throw new InvalidOperationException($"veth end '{ifName}' did not appear in {container}");
        links.SetLink("lo", new LinkSettings { Up = true });
        links.SetLink(link.Index, new LinkSettings { Up = true });
        var batch = links.CreateBatch();
        foreach (var address in spec.Addresses)
        {
            batch.AddAddress(new AddressInfo(link.Index, address, HostBits(address)) { NoDad = true });
        }

        if (spec.Addresses.Any(a => a.AddressFamily == AddressFamily.InterNetwork))
        {
            batch.AddRoute(new RouteInfo(new IPNetwork(IPv4Gateway, 32)) { OutputInterface = link.Index, Scope = RouteScope.Link });
            batch.AddRoute(new RouteInfo(new IPNetwork(IPAddress.Any, 0)) { Gateway = IPv4Gateway, OutputInterface = link.Index });
        }

        if (hasV6)
        {
            batch.AddRoute(new RouteInfo(new IPNetwork(IPAddress.IPv6Any, 0)) { Gateway = IPv6Gateway, OutputInterface = link.Index });
        }

        batch.Execute();
        return links.GetLink(link.Index)?.MacAddress;
    }

    private static int HostBits(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
}
