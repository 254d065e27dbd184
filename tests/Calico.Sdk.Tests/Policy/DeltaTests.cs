using System.Net;
using Calico.Sdk.Policy;
using Calico.Sdk.Resources;
using Xunit;
using static Calico.Sdk.Tests.Policy.Res;

namespace Calico.Sdk.Tests.Policy;

/// <summary>What the engine tells dataplanes: deltas, IP sets, idempotency, validation.</summary>
public sealed class DeltaTests
{
    private static IpSetMember Host(string ip) => new(new IPNetwork(IPAddress.Parse(ip), 32));

    private static PolicyEngine Cluster(out string setId)
    {
        var engine = Engine(
            Ns("x"),
            Wep("x", "a", "10.0.0.1", L("app=web")),
            Wep("x", "b", "10.0.0.2", L("app=db")),
            Np("x", "db", "app == 'db'", ingress: [Rule("Allow", src: Sel("app == 'web'"))]));
        setId = engine.Snapshot().Policies[new PolicyId(PolicyKind.NetworkPolicy, "x", "db")].Ingress[0].Source.IpSets[0];
        return engine;
    }

    [Fact]
    public void Rule_selectors_become_IP_sets_keyed_by_the_scoped_selector_id()
    {
        var engine = Cluster(out var id);
        Assert.Equal(Calico.Sdk.Selectors.Selector.Parse("(projectcalico.org/namespace == 'x') && (app == 'web')").UniqueId, id);
        Assert.Equal([Host("10.0.0.1")], engine.Snapshot().IpSets[id].Members);
    }

    [Fact]
    public void A_label_change_yields_only_membership_and_program_changes()
    {
        var engine = Cluster(out var id);
        var delta = engine.Upsert(Wep("x", "c", "10.0.0.3", L("app=web")));
        Assert.Equal([new IpSetUpdate(id, IpSetKind.Net, EquatableArray<IpSetMember>.Wrap([Host("10.0.0.3")]), default)], delta.IpSetUpdates);
        Assert.Empty(delta.PolicyUpdates);
        Assert.Equal([EndpointId.Workload("x", "c")], delta.EndpointUpdates.Select(e => e.Id));

        var relabel = engine.Upsert(Wep("x", "c", "10.0.0.3", L("app=db")));
        var change = Assert.Single(relabel.IpSetUpdates);
        Assert.Equal([Host("10.0.0.3")], change.Removed);
        Assert.Empty(change.Added);
        Assert.Equal(["np/x/db"], relabel.EndpointUpdates.Single().Ingress.Tiers.Single().Policies.Select(p => p.ToString()));
    }

    [Fact]
    public void Updates_are_idempotent_and_generations_advance()
    {
        var engine = Cluster(out _);
        var g = engine.Generation;
        var delta = engine.Upsert(Wep("x", "a", "10.0.0.1", L("app=web")));
        Assert.True(delta.IsEmpty);
        Assert.Equal(g + 1, delta.Generation);
        Assert.True(engine.Apply([PolicyUpdate.Delete(PolicyInputKind.NetworkPolicy, "x", "absent")]).IsEmpty);
    }

    [Fact]
    public void Deleting_the_last_user_removes_the_policy_and_its_IP_sets()
    {
        var engine = Cluster(out var id);
        var delta = engine.Apply([PolicyUpdate.Delete(PolicyInputKind.WorkloadEndpoint, "x", "b")]);
        Assert.Equal([EndpointId.Workload("x", "b")], delta.EndpointRemovals);
        Assert.Equal([new PolicyId(PolicyKind.NetworkPolicy, "x", "db")], delta.PolicyRemovals);
        Assert.Equal([id], delta.IpSetRemovals);
        Assert.False(engine.Snapshot().IpSets.ContainsKey(id));
    }

    [Fact]
    public void Deltas_in_order_rebuild_the_snapshot()
    {
        var engine = new PolicyEngine();
        var state = new PolicyState();
        void Step(params PolicyUpdate[] updates) => state.Apply(engine.Apply(updates));
        Step([.. BuiltInTiers.Create().Select(PolicyUpdate.Upsert)]);
        Step(PolicyUpdate.Upsert(Np("x", "db", "app == 'db'", ingress: [Rule("Allow", src: Sel("app == 'web'"))])));
        Step(PolicyUpdate.Upsert(Wep("x", "b", "10.0.0.2", L("app=db"))), PolicyUpdate.Upsert(Wep("x", "a", "10.0.0.1", L("app=web"))));
        Step(PolicyUpdate.Upsert(Ns("x")));
        Step(PolicyUpdate.Delete(PolicyInputKind.WorkloadEndpoint, "x", "a"));
        SnapshotAssert.Equal(engine.Snapshot(), state.ToSnapshot());
        Assert.Throws<InvalidOperationException>(() => state.Apply(new PolicyDelta { Generation = 99 }));
    }

    [Fact]
    public void Invalid_input_names_every_bad_field_and_changes_nothing()
    {
        var engine = Cluster(out _);
        var before = engine.Snapshot();
        var bad = Np("x", "bad", "app ==", ingress: [
            new Rule { Action = "Allow", Destination = Ports("80") },
            new Rule { Action = "Jump" },
            Rule("Allow", src: new EntityRule { Nets = ["10.0.0.0/33"], NotNets = ["0.0.0.0/0"] }),
        ]);
        var e = Assert.Throws<PolicyInputException>(() => engine.Apply([PolicyUpdate.Upsert(Wep("x", "z", "10.0.0.9")), PolicyUpdate.Upsert(bad)]));
        Assert.Equal(
            ["spec.ingress[0].destination.ports[0]", "spec.ingress[1].action", "spec.ingress[2].source.nets[0]", "spec.ingress[2].source.notNets[0]", "spec.selector"],
            e.Errors.Select(x => x.Field).Order(StringComparer.Ordinal));
        Assert.All(e.Errors, x => Assert.Equal(1, x.Index));
        Assert.Equal(before.Generation, engine.Generation);
        SnapshotAssert.Equal(before, engine.Snapshot());
    }

    [Fact]
    public void A_remote_endpoint_fills_IP_sets_but_gets_no_program()
    {
        var engine = new PolicyEngine(new PolicyEngineOptions { LocalNode = "node1" });
        engine.Apply([.. BuiltInTiers.Create().Select(PolicyUpdate.Upsert),
            PolicyUpdate.Upsert(Ns("x")),
            PolicyUpdate.Upsert(Wep("x", "b", "10.0.0.2", L("app=db"))),
            PolicyUpdate.Upsert(Wep("x", "r", "10.0.9.9", L("app=web"), node: "node2")),
            PolicyUpdate.Upsert(Np("x", "db", "app == 'db'", ingress: [Rule("Allow", src: Sel("app == 'web'"))]))]);
        var snapshot = engine.Snapshot();
        Assert.Equal([EndpointId.Workload("x", "b")], snapshot.Endpoints.Keys);
        Assert.Contains(Host("10.0.9.9"), snapshot.IpSets.Values.Single().Members);
        Assert.True(engine.Allowed("10.0.9.9", "10.0.0.2"));
        Assert.False(engine.Allowed("10.0.9.8", "10.0.0.2"));
    }
}
