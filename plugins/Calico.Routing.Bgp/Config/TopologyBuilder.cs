using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using Calico.Routing.Bgp.Policy;
using Calico.Routing.Bgp.Session;
using Calico.Routing.Bgp.Wire;
using Calico.Sdk.Resources;
using Calico.Sdk.Routing;
using Calico.Sdk.Selectors;

namespace Calico.Routing.Bgp.Config;

/// <summary>
/// Calico's BGP semantics (confd's templates, §7 of the behaviour notes): the node-to-node mesh with one passive side
/// per pair, BGPPeer selection (node, nodeSelector, peerSelector, global), route reflector clusters, passwords,
/// filters, and the routes this node exports (confirmed affine blocks, borrowed /32s, service ranges).
/// </summary>
internal static partial class TopologyBuilder
{
    public const uint DefaultAs = 64512;

    public static BgpTopology Compute(CalicoBgpInputs inputs, BgpRoutingOptions options, SecretResolver secrets)
    {
        var problems = new List<string>();
        var global = inputs.Configurations.FirstOrDefault(c => c.Metadata.Name == "default")?.Spec;
        var perNode = inputs.Configurations.FirstOrDefault(c => c.Metadata.Name == "node." + inputs.NodeName)?.Spec;
        var nodes = inputs.Nodes.Where(n => n.Metadata.Name is not null).ToDictionary(n => n.Metadata.Name!, StringComparer.Ordinal);
        var self = nodes.GetValueOrDefault(inputs.NodeName);
        var globalAs = global?.AsNumber?.Value ?? DefaultAs;
        var localAs = options.AsNumber ?? self?.Spec.Bgp?.AsNumber?.Value ?? globalAs;
        var clusterId = ParseClusterId(self?.Spec.Bgp?.RouteReflectorClusterId);
        var listenPort = options.ListenPort ?? perNode?.ListenPort ?? global?.ListenPort ?? 179;
        var filters = inputs.Filters.Where(f => f.Metadata.Name is not null).ToDictionary(f => f.Metadata.Name!, f => BgpFilterRules.Compile(f.Metadata.Name!, f.Spec), StringComparer.Ordinal);
        var peers = new List<PeerConfig>();

        var local = inputs.State.LocalNode;
        if (global?.NodeToNodeMeshEnabled ?? true)
        {
            if (clusterId is null)
            {
                AddMesh(inputs, nodes, global, globalAs, secrets, peers, problems);
            }
        }

        foreach (var resource in inputs.Peers)
        {
            AddBgpPeer(inputs, resource, nodes, self, globalAs, filters, secrets, peers, problems);
        }

        // A route reflector treats every iBGP peer outside its cluster as a client (confd: "rr client").
        if (clusterId is { } cluster)
        {
            for (var i = 0; i < peers.Count; i++)
            {
                if (peers[i].PeerAs == localAs && ClusterOf(peers[i].Address, nodes, inputs.State) != cluster)
                {
                    peers[i] = peers[i] with { RouteReflectorClient = true };
                }
            }
        }

        var ownAddresses = new[] { local.IPv4Address, local.IPv6Address };
        var distinct = peers.Where(p => !ownAddresses.Contains(p.Address)).GroupBy(p => p.Key).Select(g => g.First()).ToList();
        return new BgpTopology(localAs, clusterId, listenPort, distinct, LocalRoutes(inputs, global, options.InstallBlackholes)) { Problems = problems };
    }

    private static void AddMesh(CalicoBgpInputs inputs, Dictionary<string, Node> nodes, BGPConfigurationSpec? global, uint globalAs, SecretResolver secrets, List<PeerConfig> peers, List<string> problems)
    {
        string? password = null;
        if (global?.NodeMeshPassword?.SecretKeyRef is { } reference)
        {
            password = TryResolve(secrets, reference, "node mesh password", problems);
        }

        int? restart = GoDuration.TryParse(global?.NodeMeshMaxRestartTime, out var time) ? (int)time.TotalSeconds : null;
        var local = inputs.State.LocalNode;
        foreach (var node in inputs.State.Nodes)
        {
            if (node.Name == inputs.NodeName)
            {
                continue;
            }

            var resource = nodes.GetValueOrDefault(node.Name);
            if (ParseClusterId(resource?.Spec.Bgp?.RouteReflectorClusterId) is not null)
            {
                continue; // route reflectors are not part of the mesh
            }

            var asn = resource?.Spec.Bgp?.AsNumber?.Value ?? globalAs;
            foreach (var (theirs, ours) in new[] { (node.IPv4Address, local.IPv4Address), (node.IPv6Address, local.IPv6Address) })
            {
                if (theirs is null || ours is null)
                {
                    continue;
                }

                // Calico's rule: the side whose address string sorts lower waits; the higher one connects.
                peers.Add(new PeerConfig(theirs, asn)
                {
                    PeerType = "node-to-node mesh",
                    Passive = string.CompareOrdinal(theirs.ToString(), ours.ToString()) > 0,
                    Password = password,
                    MaxRestartTime = restart,
                    LocalAddress = ours,
                });
            }
        }
    }

    private static uint? ParseClusterId(string? text) =>
        IPAddress.TryParse(text, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes())
            : null;

    private static uint? ClusterOf(IPAddress address, Dictionary<string, Node> nodes, RoutingState state)
    {
        var node = state.Nodes.FirstOrDefault(n => address.Equals(n.IPv4Address) || address.Equals(n.IPv6Address));
        return node is null ? null : ParseClusterId(nodes.GetValueOrDefault(node.Name)?.Spec.Bgp?.RouteReflectorClusterId);
    }

    private static string? TryResolve(SecretResolver secrets, SecretKeySelector reference, string what, List<string> problems)
    {
        try
        {
            return secrets.Resolve(reference);
        }
        catch (Exception error) when (error is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            problems.Add(what + ": " + error.Message);
            return null;
        }
    }

    private static IReadOnlyList<LocalRoute> LocalRoutes(CalicoBgpInputs inputs, BGPConfigurationSpec? global, bool blackholes)
    {
        var named = (global?.Communities ?? []).Where(c => c.Name is not null && c.Value is not null).ToDictionary(c => c.Name!, c => c.Value!, StringComparer.Ordinal);
        var advertisements = (global?.PrefixAdvertisements ?? []).Where(a => a.Cidr is not null).Select(a => (Cidr: BgpPrefix.Parse(a.Cidr!), Communities: (a.Communities ?? []).Select(c => named.GetValueOrDefault(c, c)).ToArray())).ToList();
        string[] CommunitiesFor(BgpPrefix prefix) => [.. advertisements.Where(a => a.Cidr.Contains(prefix)).SelectMany(a => a.Communities).Distinct()];

        var routes = new List<LocalRoute>();
        foreach (var block in inputs.State.Blocks)
        {
            // The agent hands over confirmed affine blocks and the /32s (/128s) of addresses this node borrowed.
            if (block.Node != inputs.NodeName || block.DisableBgpExport)
            {
                continue;
            }

            var prefix = BgpPrefix.FromNetwork(block.Cidr);
            routes.Add(new LocalRoute(prefix, CommunitiesFor(prefix), Blackhole: blackholes && prefix.Length < prefix.Family.MaxPrefixLength()));
        }

        var services = (global?.ServiceClusterIPs ?? []).Select(s => s.Cidr)
            .Concat((global?.ServiceExternalIPs ?? []).Select(s => s.Cidr))
            .Concat((global?.ServiceLoadBalancerIPs ?? []).Select(s => s.Cidr));
        foreach (var cidr in services)
        {
            if (cidr is not null && IPNetwork.TryParse(cidr, out var network))
            {
                var prefix = BgpPrefix.FromNetwork(network);
                routes.Add(new LocalRoute(prefix, CommunitiesFor(prefix), Blackhole: false));
            }
        }

        return [.. routes.GroupBy(r => r.Prefix).Select(g => g.First())];
    }

    internal static string FormatAs(uint asn) => asn.ToString(CultureInfo.InvariantCulture);
}
