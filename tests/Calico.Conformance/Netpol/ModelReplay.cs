using Calico.Sdk.Policy;

namespace Calico.Conformance.Netpol;

/// <summary>Replays one scenario's steps against one policy engine and scores the probes with the evaluator.</summary>
internal sealed class ModelReplay(TextWriter output, Scoreboard board)
{
    public void Run(IReadOnlyList<NetpolCase> steps)
    {
        var options = new PolicyEngineOptions
        {
            DefaultEndpointToHostAction = steps[0].DefaultEndpointToHostAction switch
            {
                "Accept" => EndpointToHostAction.Accept,
                "Return" => EndpointToHostAction.Return,
                _ => EndpointToHostAction.Drop,
            },
        };
        var engine = new PolicyEngine(options);
        var model = new ClusterModel();
        foreach (var step in steps)
        {
            var checkedProbes = step.Probes.Where(p => !p.Loopback).ToList();
            try
            {
                engine.Apply(model.Step(step));
            }
            catch (PolicyInputException e)
            {
                foreach (var probe in checkedProbes)
                {
                    board.Fail($"{step.File} probes[{probe.Index}]", $"{probe}: the case's resources were rejected: {e.Message}");
                }

                output.WriteLine($"case {step.File}: 0/{checkedProbes.Count} probes (resources rejected)");
                continue;
            }

            var uplink = model.UplinkHostEndpoint();
            var passed = 0;
            foreach (var probe in checkedProbes)
            {
                var flow = new Flow(model.Address(probe.From), model.Address(probe.To), ProtocolNumber(probe.Protocol), probe.Port)
                {
                    ArrivesVia = probe.From == "external" ? uplink : null,
                    LeavesVia = probe.To == "external" ? uplink : null,
                };
                var decision = engine.Evaluate(flow);
                var allowed = decision.Verdict == Verdict.Allow;
                if (allowed == probe.Allowed)
                {
                    board.Pass();
                    passed++;
                    continue;
                }

                board.Fail(
                    $"{step.File} probes[{probe.Index}]",
                    $"{probe}: expected {(probe.Allowed ? "allowed" : "denied")}, model says {(allowed ? "allowed" : "denied")}",
                    $"decided by: {decision.DecidedBy?.ToString() ?? "nothing (not policed)"}");
            }

            output.WriteLine($"case {step.File}: {passed}/{checkedProbes.Count} probes");
        }
    }

    private static byte ProtocolNumber(string protocol) => protocol switch
    {
        "UDP" => 17,
        "SCTP" => 132,
        _ => 6,
    };
}
