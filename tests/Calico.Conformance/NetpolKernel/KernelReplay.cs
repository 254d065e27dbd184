using System.Diagnostics;
using Calico.Conformance.Netpol;
using Calico.Sdk.Dataplane;
using Calico.Sdk.Policy;

namespace Calico.Conformance.NetpolKernel;

/// <summary>
/// Replays one scenario's steps against one running system: a policy engine feeding the real nftables dataplane
/// of a <see cref="KernelNode"/> (3 namespaces × 3 pods as real network namespaces), then probes with real packets.
/// With <c>alsoModel</c> (mode <c>both</c>) a probe passes only when the kernel, the evaluator and the expectation
/// agree.
/// </summary>
internal sealed class KernelReplay(TextWriter output, Scoreboard board, bool alsoModel)
{
    /// <summary>The per-probe timeout (the issue allows at most 1 s).</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(1000);

    public void Run(IReadOnlyList<NetpolCase> steps) => RunAsync(steps, CancellationToken.None).GetAwaiter().GetResult();

    public async Task RunAsync(IReadOnlyList<NetpolCase> steps, CancellationToken cancellationToken)
    {
        var endpointToHost = steps[0].DefaultEndpointToHostAction switch
        {
            "Accept" => EndpointToHostAction.Accept,
            "Return" => EndpointToHostAction.Return,
            _ => EndpointToHostAction.Drop,
        };
        var engine = new PolicyEngine(new PolicyEngineOptions { DefaultEndpointToHostAction = endpointToHost });
        var model = new ClusterModel();
        using var node = new KernelNode(ClusterModel.HostAddress, ClusterModel.ExternalAddress);
        await using var dataplane = DataplaneFactory.Create(node, endpointToHost);
        var prober = new KernelProber(node, ProbeTimeout);
        var reconciled = false;
        foreach (var step in steps)
        {
            var checkedProbes = step.Probes.Where(p => !p.Loopback).ToList();
            PolicyDelta delta;
            try
            {
                delta = engine.Apply(model.Step(step));
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

            SyncPods(node, model, step);
            var started = Stopwatch.GetTimestamp();
            try
            {
                if (!reconciled)
                {
                    await dataplane.ReconcileAsync(engine.Snapshot(), cancellationToken).ConfigureAwait(false);
                    reconciled = true;
                }
                else
                {
                    await dataplane.ApplyAsync(delta, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is DataplaneApplyException or InvalidOperationException)
            {
                // As the contract says: after a failed delta, reconcile from the engine's snapshot.
                output.WriteLine($"case {step.File}: delta failed ({e.Message}); reconciling");
                await dataplane.ReconcileAsync(engine.Snapshot(), cancellationToken).ConfigureAwait(false);
            }

            var programmed = Stopwatch.GetElapsedTime(started);
            var uplink = model.UplinkHostEndpoint();
            var probes = checkedProbes.Select(p => new KernelProbe(p.From, p.To, p.Port, p.Protocol)).ToList();
            var unsupported = probes.Where(p => !node.HasPeer(p.From) || !node.HasPeer(p.To)).ToList();
            var results = await prober.ProbeAsync([.. probes.Except(unsupported)], cancellationToken).ConfigureAwait(false);
            var byProbe = probes.Except(unsupported).Zip(results).ToDictionary(x => x.First, x => x.Second);
            var passed = 0;
            for (var i = 0; i < checkedProbes.Count; i++)
            {
                var probe = checkedProbes[i];
                if (!byProbe.TryGetValue(probes[i], out var kernel))
                {
                    board.Fail($"{step.File} probes[{probe.Index}]", $"{probe}: peer '{(node.HasPeer(probe.From) ? probe.To : probe.From)}' has no namespace on the kernel node");
                    continue;
                }

                var problems = new List<string>();
                if (kernel.Allowed != probe.Allowed)
                {
                    problems.Add($"expected {Word(probe.Allowed)}, kernel says {Word(kernel.Allowed)} ({kernel.Detail})");
                }

                if (alsoModel)
                {
                    var decision = engine.Evaluate(new Flow(model.Address(probe.From), model.Address(probe.To), ProtocolNumber(probe.Protocol), probe.Port)
                    {
                        // As in model mode: traffic from/to the external peer crosses the uplink's host endpoint.
                        ArrivesVia = probe.From == KernelNode.ExternalPeer ? uplink : null,
                        LeavesVia = probe.To == KernelNode.ExternalPeer ? uplink : null,
                    });
                    var modelAllowed = decision.Verdict == Verdict.Allow;
                    if (modelAllowed != probe.Allowed || modelAllowed != kernel.Allowed)
                    {
                        problems.Add($"model says {Word(modelAllowed)} (decided by {decision.DecidedBy?.ToString() ?? "nothing"}), kernel {Word(kernel.Allowed)}, expected {Word(probe.Allowed)}");
                    }
                }

                if (problems.Count == 0)
                {
                    board.Pass();
                    passed++;
                }
                else
                {
                    board.Fail($"{step.File} probes[{probe.Index}]", [$"{probe}: " + problems[0], .. problems.Skip(1)]);
                }
            }

            output.WriteLine($"case {step.File}: {passed}/{checkedProbes.Count} probes (kernel{(alsoModel ? "+model" : string.Empty)}, programmed in {programmed.TotalMilliseconds:F0} ms)");
        }
    }

    private static void SyncPods(KernelNode node, ClusterModel model, NetpolCase step)
    {
        foreach (var key in node.PodKeys.Where(k => !step.Pods.ContainsKey(k)).ToList())
        {
            node.RemovePod(key);
        }

        foreach (var key in step.Pods.Keys.Order(StringComparer.Ordinal))
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            var iface = Calico.Sdk.Linux.Workloads.WorkloadPlumbing.HostInterfaceName($"{key[..slash]}.{key[(slash + 1)..]}");
            node.AddPod(key, iface, model.PodIp(key));
            node.Servers(key).Serve(step.PodServerPorts.TryGetValue(key, out var ports) ? ports.Select(p => (p.Protocol, p.Port)) : []);
        }

        // The node and the external peer serve exactly the ports the step probes them on.
        foreach (var peer in new[] { KernelNode.HostPeer, KernelNode.ExternalPeer })
        {
            node.Servers(peer).Serve(step.Probes.Where(p => p.To == peer && !p.Loopback).Select(p => (p.Protocol, p.Port)).Distinct());
        }
    }

    private static string Word(bool allowed) => allowed ? "allowed" : "denied";

    private static byte ProtocolNumber(string protocol) => protocol switch
    {
        "UDP" => 17,
        "SCTP" => 132,
        _ => 6,
    };
}
