using System.Net;
using Calico.Dataplane.Iptables.Model;
using Calico.Dataplane.Iptables.Rendering;
using Calico.Dataplane.Iptables.State;
using Calico.Sdk.Policy;
using Calico.TestSupport.Dataplane;
using Xunit;
using static Calico.TestSupport.Dataplane.Snapshots;

namespace Calico.Dataplane.Iptables.Tests.Rendering;

/// <summary>A delta's bookkeeping costs what it changes: dangling references it introduces are still refused, set deltas are written from the change.</summary>
public sealed class DeltaBookkeepingTests
{
    private static readonly Layout Layout = new(["cali"], EndpointToHostAction.Drop);

    [Fact]
    public void Dangling_references_a_delta_introduces_are_refused()
    {
        var live = LiveState.FromSnapshot(RichSnapshot.Build());
        var web = live.Policies[RichSnapshot.Web];
        var toMissingSet = web with { Ingress = Of(new CompiledRule { Action = RuleAction.Allow, Source = new EntityMatch { IpSets = Of("s:missing") } }) };
        var error = Assert.Throws<InvalidOperationException>(() => StateDelta.Apply(live, new PolicyDelta { Generation = 8, PolicyUpdates = Of(toMissingSet) }));
        Assert.Contains("s:missing", error.Message, StringComparison.Ordinal);

        var missing = new PolicyId(PolicyKind.GlobalNetworkPolicy, null, "missing");
        error = Assert.Throws<InvalidOperationException>(() => StateDelta.Apply(live, new PolicyDelta { Generation = 8, EndpointUpdates = Of(Workload("d", "cali0000000000d", "10.65.0.5", missing)) }));
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);

        // A removal is checked against the whole state: removing a set a policy still uses is refused.
        error = Assert.Throws<InvalidOperationException>(() => StateDelta.Apply(live, new PolicyDelta { Generation = 8, IpSetRemovals = Of(SetA) }));
        Assert.Contains(SetA, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_member_change_to_a_big_set_is_written_as_that_member_and_shares_the_rest()
    {
        var members = Enumerable.Range(0, 10_000).Select(i => new IpSetMember(new IPNetwork(new IPAddress([10, 200, (byte)(i >> 8), (byte)i]), 32))).ToArray();
        var snapshot = Snapshot(1, [new IpSet("s:big", IpSetKind.Net, Of(members))], [AllowAll(OpenProfile)], []);
        var live = LiveState.FromSnapshot(snapshot);
        var model = ModelBuilder.Full(Layout, live);
        var added = new IpSetMember(Host("10.65.0.2"));
        var delta = new PolicyDelta { Generation = 2, IpSetUpdates = Of(new IpSetUpdate("s:big", IpSetKind.Net, Of(added), Of(members[7]))) };
        var next = StateDelta.Apply(live, delta);
        var updated = ModelBuilder.Update(Layout, model, live, next, delta);
        var transaction = ModelDiff.Delta(model, updated);
        Assert.Equal("del cali40s:big 10.200.0.7\nadd cali40s:big 10.65.0.2\n", transaction.IpsetBefore);
        Assert.Null(transaction.V4);
        Assert.Equal(10_000, updated.Sets["cali40s:big"].Elements.Count);
        Assert.Equal(10_000, model.Sets["cali40s:big"].Elements.Count); // the committed model is untouched
        Assert.DoesNotContain("10.65.0.2", model.Sets["cali40s:big"].Elements);
        Assert.Equal(10_000, live.Sets["s:big"].Members.Count);
    }

    [Fact]
    public void A_policy_change_renders_and_sends_only_that_policys_chains_not_the_endpoints_jumping_to_it()
    {
        var live = LiveState.FromSnapshot(RichSnapshot.Build());
        var model = ModelBuilder.Full(Layout, live);
        var web = live.Policies[RichSnapshot.Web];
        var delta = new PolicyDelta { Generation = 8, PolicyUpdates = Of(web with { Ingress = Of(new CompiledRule { Action = RuleAction.Deny, Protocol = 17 }) }) };
        var updated = ModelBuilder.Update(Layout, model, live, StateDelta.Apply(live, delta), delta);
        var transaction = ModelDiff.Delta(model, updated);
        Assert.Equal([":" + Names.PolicyIngress(RichSnapshot.Web) + " - [0:0]"], transaction.V4!.Split('\n').Where(l => l.StartsWith(':')));
        Assert.Equal([":" + Names.PolicyIngress(RichSnapshot.Web) + " - [0:0]"], transaction.V6!.Split('\n').Where(l => l.StartsWith(':')));
        Assert.Null(transaction.IpsetBefore);
        var changed = KernelModel.Families.SelectMany(f => updated.Chains(f).Where(c => !ReferenceEquals(c.Value, model.Chains(f)[c.Key])).Select(c => c.Key)).Distinct().ToList();
        Assert.Equal([Names.PolicyIngress(RichSnapshot.Web), Names.PolicyEgress(RichSnapshot.Web)], changed.Order()); // nothing else was even re-rendered
    }
}
