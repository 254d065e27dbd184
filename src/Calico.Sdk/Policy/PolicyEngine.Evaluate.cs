using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Policy.Graph;
using Calico.Sdk.Policy.Ingest;

namespace Calico.Sdk.Policy;

/// <summary>The evaluator: walks the packet path over exactly the programs, rules and IP sets given to dataplanes.</summary>
public sealed partial class PolicyEngine
{
    /// <inheritdoc />
    public PolicyDecision Evaluate(Flow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        lock (_lock)
        {
            var run = new EvaluationRun(this, flow);
            run.Walk();
            var verdict = run.Stages.Exists(s => s.Verdict == Verdict.Deny) ? Verdict.Deny : Verdict.Allow;
            return new PolicyDecision(verdict, new EquatableArray<StageDecision>(run.Stages), new EquatableArray<string>(run.Trace));
        }
    }

    private EndpointProgram? LocalProgram(IPAddress address, EndpointKind kind)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return _localByAddress.TryGetValue(address, out var node) && node.Model.Endpoint!.Value.Kind == kind
            && _emittedEndpoints.TryGetValue(node.Model.Endpoint.Value, out var program)
            ? program
            : null;
    }

    private bool InSet(string id, IPAddress address)
    {
        if (!_ipSets.TryGetValue(id, out var set))
        {
            return false;
        }

        if (set.Counts.ContainsKey(new IpSetMember(Cidr.Host(address))))
        {
            return true;
        }

        if (set.NonHostMembers == 0)
        {
            return false;
        }

        foreach (var member in set.Counts.Keys)
        {
            if (member.Network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private bool InNamedSet(string id, IPAddress address, byte protocol, int port) =>
        port is > 0 and <= ushort.MaxValue && _ipSets.TryGetValue(id, out var set)
        && set.Counts.ContainsKey(new IpSetMember(Cidr.Host(address), protocol, (ushort)port));

    private sealed class EvaluationRun(PolicyEngine engine, Flow flow)
    {
        public List<StageDecision> Stages { get; } = [];

        public List<string> Trace { get; } = [];

        public void Walk()
        {
            var srcWorkload = engine.LocalProgram(flow.Source, EndpointKind.Workload);
            var dstWorkload = engine.LocalProgram(flow.Destination, EndpointKind.Workload);
            var srcHost = engine.LocalProgram(flow.Source, EndpointKind.Host);
            var dstHost = engine.LocalProgram(flow.Destination, EndpointKind.Host);
            Trace.Add($"flow {flow}");
            if (srcWorkload is not null)
            {
                if (!Run(PolicyStage.WorkloadEgress, srcWorkload, srcWorkload.Egress, ingress: false))
                {
                    return;
                }

                if (dstHost is not null)
                {
                    var action = engine._options.DefaultEndpointToHostAction;
                    var verdict = action switch
                    {
                        EndpointToHostAction.Drop => Verdict.Deny,
                        EndpointToHostAction.Accept => Verdict.Allow,
                        _ => Verdict.Continue,
                    };
                    Add(new StageDecision(PolicyStage.EndpointToHost, srcWorkload.Id, verdict, DecisionReason.Path));
                    if (verdict == Verdict.Continue)
                    {
                        HostIngress(dstHost, failsafeChecked: false);
                    }

                    return;
                }
            }
            else if (srcHost is not null)
            {
                if (dstWorkload is not null)
                {
                    Add(new StageDecision(PolicyStage.HostToWorkload, dstWorkload.Id, Verdict.Allow, DecisionReason.Path));
                    return;
                }

                HostEgress(srcHost);
                return;
            }
            else
            {
                var arrival = flow.ArrivesVia is { } via ? engine.Program(via) : dstHost;
                var preAccepted = false;
                if (arrival is not null)
                {
                    var terminating = dstHost is not null;
                    if (terminating && Failsafe(engine._options.FailsafeInbound, arrival.Id, PolicyStage.HostIngress))
                    {
                        return;
                    }

                    var untracked = Stage(PolicyStage.HostUntrackedIngress, arrival, arrival.UntrackedIngress, ingress: true);
                    if (untracked != Verdict.Continue)
                    {
                        return;
                    }

                    var pre = Stage(PolicyStage.HostPreDnatIngress, arrival, arrival.PreDnatIngress, ingress: true);
                    if (pre == Verdict.Deny)
                    {
                        return;
                    }

                    preAccepted = pre == Verdict.Allow;
                    if (terminating)
                    {
                        if (!preAccepted)
                        {
                            HostIngress(arrival, failsafeChecked: true);
                        }

                        return;
                    }

                    if (!preAccepted && Stage(PolicyStage.HostForwardIngress, arrival, arrival.ForwardIngress, ingress: true) == Verdict.Deny)
                    {
                        return;
                    }
                }
            }

            if (dstWorkload is not null && !Run(PolicyStage.WorkloadIngress, dstWorkload, dstWorkload.Ingress, ingress: true))
            {
                return;
            }

            if (flow.LeavesVia is { } leaves && engine.Program(leaves) is { } exit)
            {
                if (Stage(PolicyStage.HostUntrackedEgress, exit, exit.UntrackedEgress, ingress: false) != Verdict.Continue)
                {
                    return;
                }

                Stage(PolicyStage.HostForwardEgress, exit, exit.ForwardEgress, ingress: false);
            }
        }

        private void HostIngress(EndpointProgram host, bool failsafeChecked)
        {
            if (!failsafeChecked && Failsafe(engine._options.FailsafeInbound, host.Id, PolicyStage.HostIngress))
            {
                return;
            }

            Run(PolicyStage.HostIngress, host, host.Ingress, ingress: true);
        }

        private void HostEgress(EndpointProgram host)
        {
            if (Failsafe(engine._options.FailsafeOutbound, host.Id, PolicyStage.HostEgress))
            {
                return;
            }

            if (Stage(PolicyStage.HostUntrackedEgress, host, host.UntrackedEgress, ingress: false) != Verdict.Continue)
            {
                return;
            }

            Run(PolicyStage.HostEgress, host, host.Egress, ingress: false);
        }

        private bool Failsafe(IReadOnlyList<FailsafePort> ports, EndpointId host, PolicyStage stage)
        {
            foreach (var port in ports)
            {
                if (port.Protocol == flow.Protocol && port.Port == flow.DestinationPort)
                {
                    Add(new StageDecision(stage, host, Verdict.Allow, DecisionReason.Failsafe));
                    return true;
                }
            }

            return false;
        }

        // A stage that either decides or lets the packet continue; Continue stages are recorded only in the trace.
        private Verdict Stage(PolicyStage stage, EndpointProgram endpoint, DirectionProgram program, bool ingress)
        {
            if (program.IsEmpty)
            {
                return Verdict.Continue;
            }

            var decision = Decide(stage, endpoint.Id, program, ingress);
            if (decision.Verdict == Verdict.Continue)
            {
                Trace.Add($"{stage} {endpoint.Id}: no decision, continuing");
            }
            else
            {
                Add(decision);
            }

            return decision.Verdict;
        }

        private bool Run(PolicyStage stage, EndpointProgram endpoint, DirectionProgram program, bool ingress)
        {
            var decision = Decide(stage, endpoint.Id, program, ingress);
            Add(decision);
            return decision.Verdict != Verdict.Deny;
        }

        private void Add(StageDecision decision)
        {
            Stages.Add(decision);
            Trace.Add(decision.ToString());
        }

        private StageDecision Decide(PolicyStage stage, EndpointId endpoint, DirectionProgram program, bool ingress)
        {
            foreach (var tier in program.Tiers)
            {
                Trace.Add($"{stage} {endpoint}: tier {tier.Name}");
                var passed = false;
                foreach (var id in tier.Policies)
                {
                    var (action, rule) = Rules(id, ingress);
                    if (id.IsStaged)
                    {
                        Trace.Add($"  staged {id}: would {(action is { } a ? $"{a} (rule {rule})" : "not match")}; not enforced");
                        continue;
                    }

                    switch (action)
                    {
                        case RuleAction.Allow:
                            return new StageDecision(stage, endpoint, Verdict.Allow, DecisionReason.PolicyRule, tier.Name, id, rule);
                        case RuleAction.Deny:
                            return new StageDecision(stage, endpoint, Verdict.Deny, DecisionReason.PolicyRule, tier.Name, id, rule);
                        case RuleAction.Pass:
                            Trace.Add($"  {id} rule {rule}: Pass to the next tier");
                            passed = true;
                            break;
                        default:
                            Trace.Add($"  {id}: no rule matched");
                            break;
                    }

                    if (passed)
                    {
                        break;
                    }
                }

                if (!passed && tier.EndOfTierDrop)
                {
                    return new StageDecision(stage, endpoint, Verdict.Deny, DecisionReason.EndOfTier, tier.Name);
                }
            }

            if (program.End == ProgramEnd.Continue)
            {
                return new StageDecision(stage, endpoint, Verdict.Continue, DecisionReason.NoPolicy);
            }

            foreach (var profile in program.Profiles)
            {
                var missing = !engine._profiles.TryGetValue(profile.Name, out var node) || node.Model is null;
                var (action, rule) = Rules(profile, ingress);
                if (action is RuleAction.Allow or RuleAction.Deny)
                {
                    return new StageDecision(
                        stage,
                        endpoint,
                        action == RuleAction.Allow ? Verdict.Allow : Verdict.Deny,
                        missing ? DecisionReason.MissingProfile : DecisionReason.ProfileRule,
                        null,
                        profile,
                        rule);
                }
            }

            return new StageDecision(stage, endpoint, Verdict.Deny, DecisionReason.NoProfileMatched);
        }

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

    private EndpointProgram? Program(EndpointId id) => _emittedEndpoints.GetValueOrDefault(id);
}
