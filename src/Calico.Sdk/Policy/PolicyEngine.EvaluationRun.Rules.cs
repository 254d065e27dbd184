using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Policy.Graph;
using Calico.Sdk.Policy.Ingest;

namespace Calico.Sdk.Policy;

public sealed partial class PolicyEngine
{
    /// <summary>Rule matching of an evaluation: protocols, ICMP, nets, IP sets and ports.</summary>
    private sealed partial class EvaluationRun
    {
        // The first terminal (Allow/Deny/Pass) rule that matches; Log rules are traced and skipped.
        private (RuleAction? Action, int? Rule) Rules(PolicyId id, bool ingress)
        {
            if (!engine._emittedPolicies.TryGetValue(id, out var policy))
            {
                return (null, null);
            }

            foreach (var rule in ingress ? policy.Ingress : policy.Egress)
            {
                if (!Matches(rule))
                {
                    continue;
                }

                if (rule.Action == RuleAction.Log)
                {
                    Trace.Add($"  {id} rule {rule.Index}: Log");
                    continue;
                }

                return (rule.Action, rule.Index);
            }

            return (null, null);
        }

        private bool Matches(CompiledRule rule)
        {
            var version = flow.Source.AddressFamily == AddressFamily.InterNetwork ? 4 : 6;
            if (rule.NeverMatches || (rule.IpVersion is { } v && v != version))
            {
                return false;
            }

            if ((rule.Protocol is { } p && p != flow.Protocol) || (rule.NotProtocol is { } np && np == flow.Protocol))
            {
                return false;
            }

            if (rule.Icmp is { } icmp && !IcmpMatches(icmp))
            {
                return false;
            }

            if (rule.NotIcmp is { } notIcmp && IcmpMatches(notIcmp))
            {
                return false;
            }

            return Matches(rule.Source, flow.Source, flow.SourcePort) && Matches(rule.Destination, flow.Destination, flow.DestinationPort);
        }

        private bool IcmpMatches(IcmpMatch match) =>
            flow.Protocol is Protocols.Icmp or Protocols.IcmpV6 && flow.Icmp is { } actual && actual.Type == match.Type
            && (match.Code is null || match.Code == actual.Code);

        private bool Matches(EntityMatch match, IPAddress address, int port)
        {
            if (match.IsAny)
            {
                return true;
            }

            if (match.Nets.Count > 0 && !AnyContains(match.Nets, address))
            {
                return false;
            }

            if (AnyContains(match.NotNets, address))
            {
                return false;
            }

            foreach (var id in match.IpSets)
            {
                if (!engine.InSet(id, address))
                {
                    return false;
                }
            }

            foreach (var id in match.NotIpSets)
            {
                if (engine.InSet(id, address))
                {
                    return false;
                }
            }

            if (match.Ports.Count > 0 || match.NamedPortIpSets.Count > 0)
            {
                var any = AnyContains(match.Ports, port);
                foreach (var id in match.NamedPortIpSets)
                {
                    any = any || engine.InNamedSet(id, address, flow.Protocol, port);
                }

                if (!any)
                {
                    return false;
                }
            }

            if (AnyContains(match.NotPorts, port))
            {
                return false;
            }

            foreach (var id in match.NotNamedPortIpSets)
            {
                if (engine.InNamedSet(id, address, flow.Protocol, port))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool AnyContains(EquatableArray<IPNetwork> nets, IPAddress address)
        {
            foreach (var net in nets)
            {
                if (net.Contains(address))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool AnyContains(EquatableArray<PortRange> ranges, int port)
        {
            foreach (var range in ranges)
            {
                if (range.Contains(port))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
