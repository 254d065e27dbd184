using System.Net;
using System.Net.Sockets;

namespace Calico.Sdk.Linux.Workloads;

/// <summary>
/// Verifies that a workload's plumbing is what <see cref="WorkloadPlumbing.Attach"/> builds (CNI CHECK): the workload
/// end exists and is up with exactly its /32 and /128 addresses, default routes via <see cref="WorkloadPlumbing.IPv4Gateway"/>
/// and <see cref="WorkloadPlumbing.IPv6Gateway"/>; the host end exists, is up, has <see cref="WorkloadPlumbing.HostMac"/>
/// and answers proxy ARP. Reads only; changes nothing.
/// </summary>
public static class WorkloadCheck
{
    /// <summary>Lists every difference between the kernel and the expected plumbing.</summary>
    /// <param name="host">The host namespace, or null for the caller's.</param>
    /// <param name="container">The workload's namespace.</param>
    /// <param name="hostInterface">The host end's name.</param>
    /// <param name="containerInterface">The workload end's name.</param>
    /// <param name="addresses">The workload's addresses.</param>
    /// <returns>One sentence per problem; empty when everything matches.</returns>
    public static IReadOnlyList<string> Inspect(
        NetworkNamespace? host, NetworkNamespace container, string hostInterface, string containerInterface, IReadOnlyList<IPAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentException.ThrowIfNullOrEmpty(hostInterface);
        ArgumentException.ThrowIfNullOrEmpty(containerInterface);
        ArgumentNullException.ThrowIfNull(addresses);
        var problems = new List<string>();
        InspectContainer(container, containerInterface, addresses, problems);
        using var hostLinks = host is null ? NetlinkRoute.Open() : NetlinkRoute.Open(host);
        if (hostLinks.GetLink(hostInterface) is not { } link)
        {
            problems.Add($"host interface '{hostInterface}' does not exist");
            return problems;
        }

        if (!link.IsUp)
        {
            problems.Add($"host interface '{hostInterface}' is down");
        }

        if (link.MacAddress is not { } mac || !mac.Equals(WorkloadPlumbing.HostMac))
        {
            problems.Add($"host interface '{hostInterface}' has MAC {link.MacAddress}, expected {WorkloadPlumbing.HostMac}");
        }

        if (addresses.Any(a => a.AddressFamily == AddressFamily.InterNetwork)
            && Sysctl.Read("net/ipv4/conf/" + hostInterface + "/proxy_arp", host).Trim() != "1")
        {
            problems.Add($"host interface '{hostInterface}' does not answer proxy ARP (net.ipv4.conf.{hostInterface}.proxy_arp != 1)");
        }

        return problems;
    }

    private static void InspectContainer(NetworkNamespace container, string ifName, IReadOnlyList<IPAddress> addresses, List<string> problems)
    {
        using var links = NetlinkRoute.Open(container);
        if (links.GetLink(ifName) is not { } link)
        {
            problems.Add($"interface '{ifName}' does not exist in {container}");
            return;
        }

        if (!link.IsUp)
        {
            problems.Add($"interface '{ifName}' is down");
        }

        var present = links.GetAddresses(AddressFamily.Unspecified, link.Index)
            .Where(a => !a.Address.IsIPv6LinkLocal)
            .ToList();
        foreach (var address in addresses)
        {
            var bits = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
            if (!present.Any(a => a.Address.Equals(address) && a.PrefixLength == bits))
            {
                problems.Add($"interface '{ifName}' lacks address {address}/{bits}");
            }
        }

        foreach (var extra in present.Where(a => !addresses.Contains(a.Address)))
        {
            problems.Add($"interface '{ifName}' has unexpected address {extra.Address}/{extra.PrefixLength}");
        }

        if (addresses.Any(a => a.AddressFamily == AddressFamily.InterNetwork))
        {
            ExpectDefault(links, AddressFamily.InterNetwork, WorkloadPlumbing.IPv4Gateway, link, problems);
        }

        if (addresses.Any(a => a.AddressFamily == AddressFamily.InterNetworkV6))
        {
            ExpectDefault(links, AddressFamily.InterNetworkV6, WorkloadPlumbing.IPv6Gateway, link, problems);
        }
    }

    private static void ExpectDefault(NetlinkRoute links, AddressFamily family, IPAddress gateway, LinkInfo link, List<string> problems)
    {
        var defaults = links.GetRoutes(family).Where(r => r.Destination.PrefixLength == 0).ToList();
        if (!defaults.Any(r => gateway.Equals(r.Gateway) && r.OutputInterface == link.Index))
        {
            var found = defaults.Count == 0 ? "none" : string.Join(", ", defaults.Select(r => r.ToString()));
            problems.Add($"no default route via {gateway} dev {link.Name} (found: {found})");
        }
    }
}
