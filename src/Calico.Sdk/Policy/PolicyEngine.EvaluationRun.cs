using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Policy.Graph;
using Calico.Sdk.Policy.Ingest;

namespace Calico.Sdk.Policy;

public sealed partial class PolicyEngine
{
    private sealed partial class EvaluationRun(PolicyEngine engine, Flow flow)
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
    }
}
