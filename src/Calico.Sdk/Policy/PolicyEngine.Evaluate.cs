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

    private EndpointProgram? Program(EndpointId id) => _emittedEndpoints.GetValueOrDefault(id);
}
