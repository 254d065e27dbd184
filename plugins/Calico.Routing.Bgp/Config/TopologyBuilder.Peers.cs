using System.Net;
using Calico.Routing.Bgp.Policy;
using Calico.Routing.Bgp.Session;
using Calico.Sdk.Resources;
using Calico.Sdk.Selectors;

namespace Calico.Routing.Bgp.Config;

/// <summary>BGPPeer resources: which apply to this node and which neighbours they name.</summary>
internal static partial class TopologyBuilder
{
    private static void AddBgpPeer(CalicoBgpInputs inputs, BGPPeer resource, Dictionary<string, Node> nodes, Node? self, uint globalAs,
        Dictionary<string, BgpFilterRules> filters, SecretResolver secrets, List<PeerConfig> peers, List<string> problems)
    {
        var spec = resource.Spec;
        var name = resource.Metadata.Name ?? "(unnamed)";
        var selfLabels = (IReadOnlyDictionary<string, string>?)(self?.Metadata.Labels as Dictionary<string, string>) ?? new Dictionary<string, string>(self?.Metadata.Labels ?? new Dictionary<string, string>());
        try
        {
            if (spec.Node is { Length: > 0 } onNode ? onNode != inputs.NodeName : spec.NodeSelector is { Length: > 0 } nodeSelector && !Selector.Parse(nodeSelector).Matches(selfLabels))
            {
                return;
            }

            var peerType = spec.Node is { Length: > 0 } ? "node specific" : "global";
            var password = spec.Password?.SecretKeyRef is { } reference ? TryResolve(secrets, reference, "BGPPeer " + name + " password", problems) : null;
            if (spec.Password?.SecretKeyRef is not null && password is null)
            {
                return; // never peer without the password that was asked for
            }

            var nextHop = spec.KeepOriginalNextHop == true || spec.NextHopMode == "Keep" ? NextHopMode.Keep : spec.NextHopMode == "Self" ? NextHopMode.Self : NextHopMode.Auto;
            int? restart = GoDuration.TryParse(spec.MaxRestartTime, out var time) ? (int)time.TotalSeconds : null;
            var peerFilters = new List<BgpFilterRules>();
            foreach (var filter in spec.Filters ?? [])
            {
                if (!filters.TryGetValue(filter, out var rules))
                {
                    problems.Add("BGPPeer " + name + ": BGPFilter '" + filter + "' does not exist");
                    return;
                }

                peerFilters.Add(rules);
            }

            PeerConfig Make(IPAddress address, int port, uint asn) => new(address, asn)
            {
                Port = port,
                PeerType = peerType,
                Password = password,
                NextHopMode = nextHop,
                MaxRestartTime = restart,
                Filters = peerFilters,
                LocalAddress = spec.SourceAddress == "None" ? null : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? inputs.State.LocalNode.IPv6Address : inputs.State.LocalNode.IPv4Address,
            };

            if (spec.PeerIP is { Length: > 0 } peerIp)
            {
                var (address, port) = ParseEndpoint(peerIp);
                var asn = spec.AsNumber?.Value ?? throw new InvalidOperationException("asNumber is required with peerIP");
                peers.Add(Make(address, port, asn));
                return;
            }

            if (spec.PeerSelector is { Length: > 0 } peerSelector)
            {
                var selector = Selector.Parse(peerSelector);
                foreach (var node in inputs.State.Nodes.Where(n => n.Name != inputs.NodeName))
                {
                    var resourceNode = nodes.GetValueOrDefault(node.Name);
                    var labels = resourceNode?.Metadata.Labels is { } l ? new Dictionary<string, string>(l) : [];
                    if (!selector.Matches(labels))
                    {
                        continue;
                    }

                    var asn = resourceNode?.Spec.Bgp?.AsNumber?.Value ?? globalAs;
                    foreach (var address in new[] { node.IPv4Address, node.IPv6Address }.OfType<IPAddress>())
                    {
                        peers.Add(Make(address, 179, asn) with { Passive = string.CompareOrdinal(address.ToString(), (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? inputs.State.LocalNode.IPv6Address : inputs.State.LocalNode.IPv4Address)?.ToString()) > 0 });
                    }
                }
            }
        }
        catch (Exception error) when (error is FormatException or InvalidOperationException or ArgumentException)
        {
            problems.Add("BGPPeer " + name + ": " + error.Message);
        }
    }

    /// <summary>Parses <c>ip</c>, <c>ip:port</c> or <c>[ipv6]:port</c>.</summary>
    internal static (IPAddress Address, int Port) ParseEndpoint(string text)
    {
        if (IPAddress.TryParse(text, out var plain))
        {
            return (plain, 179);
        }

        return IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port != 0
            ? (endpoint.Address, endpoint.Port)
            : throw new FormatException("peerIP '" + text + "' is not an address or address:port");
    }
}
