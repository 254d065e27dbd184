using BenchmarkDotNet.Attributes;
using Calico.Sdk.Policy;
using Calico.Sdk.Resources;

namespace Calico.Benchmarks.Policy;

/// <summary>
/// Issue goal: with 10,000 endpoints and 1,000 policies, one label change is fully processed (validated, selectors
/// re-evaluated, IP sets and endpoint programs updated, delta built) in ≤ 1 ms.
/// </summary>
[MemoryDiagnoser]
public class PolicyEngineBenchmarks
{
    private const int Endpoints = 10_000;
    private const int Policies = 1_000;
    private const int Namespaces = 50;
    private PolicyEngine _engine = null!;
    private PolicyUpdate[] _flip = null!;
    private PolicyUpdate[] _flop = null!;
    private bool _state;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new PolicyEngine();
        var updates = new List<PolicyUpdate>();
        updates.AddRange(BuiltInTiers.Create().Select(PolicyUpdate.Upsert));
        for (var n = 0; n < Namespaces; n++)
        {
            updates.Add(PolicyUpdate.Upsert(KubernetesProfiles.ForNamespace("ns" + n, new Dictionary<string, string> { ["team"] = "t" + (n % 7) })));
        }

        for (var i = 0; i < Endpoints; i++)
        {
            updates.Add(PolicyUpdate.Upsert(Workload(i, "app" + (i % 100))));
        }

        for (var j = 0; j < Policies; j++)
        {
            var policy = new NetworkPolicy { Metadata = { Namespace = "ns" + (j % Namespaces), Name = "p" + j } };
            policy.Spec.Selector = $"app == 'app{j % 100}'";
            policy.Spec.Order = j % 10;
            policy.Spec.Ingress =
            [
                new Rule
                {
                    Action = "Allow",
                    Protocol = ProtocolValue.Tcp,
                    Source = new EntityRule { Selector = $"role == 'r{j % 5}'" },
                    Destination = new EntityRule { Ports = [Port.FromName("http"), Port.FromNumber(8000 + (j % 50))] },
                },
                new Rule { Action = "Allow", Source = new EntityRule { Selector = $"app == 'app{(j + 1) % 100}'", NamespaceSelector = $"team == 't{j % 7}'" } },
            ];
            policy.Spec.Egress = [new Rule { Action = "Allow", Destination = new EntityRule { Nets = ["10.0.0.0/8"] } }];
            updates.Add(PolicyUpdate.Upsert(policy));
        }

        _engine.Apply(updates);
        _flip = [PolicyUpdate.Upsert(Workload(0, "app1"))];
        _flop = [PolicyUpdate.Upsert(Workload(0, "app0"))];
    }

    /// <summary>One endpoint's <c>app</c> label changes (alternating between two values).</summary>
    [Benchmark]
    public PolicyDelta OneLabelChange()
    {
        _state = !_state;
        return _engine.Apply(_state ? _flip : _flop);
    }

    private static WorkloadEndpoint Workload(int i, string app)
    {
        var ns = "ns" + (i % Namespaces);
        var wep = new WorkloadEndpoint { Metadata = { Namespace = ns, Name = "node1-k8s-pod" + i + "-eth0" } };
        wep.Metadata.Labels = new Dictionary<string, string> { ["app"] = app, ["role"] = "r" + (i % 5) };
        wep.Spec.Orchestrator = "k8s";
        wep.Spec.Node = "node1";
        wep.Spec.IpNetworks = [$"10.{i / 65536}.{i / 256 % 256}.{i % 256}/32"];
        wep.Spec.Profiles = ["kns." + ns];
        wep.Spec.InterfaceName = "cali" + i.ToString("x11", System.Globalization.CultureInfo.InvariantCulture);
        wep.Spec.Ports = [new WorkloadEndpointPort { Name = "http", Protocol = ProtocolValue.Tcp, Port = 8080 }];
        return wep;
    }
}
