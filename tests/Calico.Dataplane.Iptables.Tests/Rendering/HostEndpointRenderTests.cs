using Calico.Dataplane.Iptables.Model;
using Calico.Dataplane.Iptables.Rendering;
using Calico.Dataplane.Iptables.State;
using Calico.Sdk.Policy;
using Xunit;
using static Calico.Dataplane.Iptables.Tests.Kernel.HostEndpoints;
using static Calico.TestSupport.Dataplane.Snapshots;

namespace Calico.Dataplane.Iptables.Tests.Rendering;

/// <summary>What host endpoints render into the raw, mangle and filter sections of each family, fully and as deltas.</summary>
public sealed class HostEndpointRenderTests
{
    private static readonly Layout Layout = new(["cali"], EndpointToHostAction.Return);
    private static readonly PolicyId Pre = new(PolicyKind.GlobalNetworkPolicy, null, "pre");
    private static readonly PolicyId Untracked = new(PolicyKind.GlobalNetworkPolicy, null, "untracked");

    private static PolicySnapshot State() => WithHost(
        Snapshot(1, [], [AllowAll(OpenProfile)], [Workload("a", "calia", "10.65.0.2")]),
        Uplink("eth0", AllowWeb) with
        {
            Addresses = Of(Host("172.18.0.2"), Host("fd00::2")),
            PreDnatIngress = Stage(Pre),
            UntrackedEgress = Stage(Untracked),
        },
        Rules(AllowWeb, Allow(6, 8080)),
        Rules(Pre, Deny(6, 30000)),
        new CompiledPolicy(Untracked, Of<CompiledRule>(), Of(AllowFromPort(17, 53))));

    [Fact]
    public void Both_families_get_raw_mangle_and_filter_sections_with_hooks_failsafe_and_dispatch()
    {
        var model = ModelBuilder.Full(Layout, LiveState.FromSnapshot(State()));
        var (v4, v6, _) = ModelDiff.FullTables(model, new Dictionary<string, Calico.Dataplane.Iptables.Kernel.KernelView>(), new Dictionary<string, Calico.Dataplane.Iptables.Kernel.KernelView>());
        foreach (var (text, address) in new[] { (v4!, "172.18.0.2"), (v6!, "fd00::2") })
        {
            Assert.Equal(["*raw", "*mangle", "*filter"], text.Split('\n').Where(l => l.StartsWith('*')));
            Assert.Contains("-I PREROUTING 1 -j cali-PREROUTING\n", text, StringComparison.Ordinal);
            Assert.Contains("-I OUTPUT 1 -j cali-OUTPUT\n", text, StringComparison.Ordinal);
            Assert.Contains("-A cali-failsafe-in -p tcp -m tcp --dport 22 -j ACCEPT", text, StringComparison.Ordinal);
            Assert.Contains("-A cali-failsafe-out -p udp -m udp --dport 53 -j ACCEPT", text, StringComparison.Ordinal);
            Assert.Contains("-A cali-hep-by-address -d " + address + " -g cali-fh-node1-eth0", text, StringComparison.Ordinal);
            Assert.Contains("-A cali-wl-to-host -j cali-hep-by-address", text, StringComparison.Ordinal);
            Assert.Contains("-A cali-th-node1-eth0 -m mark --mark 0x10000/0x10000 -j CT --notrack", text, StringComparison.Ordinal);
            Assert.Contains("-A cali-fh-node1-eth0 -m mark --mark 0x10000/0x10000 -j MARK --set-xmark 0x40000/0x40000", text, StringComparison.Ordinal);
        }

        // Policy chains exist in the raw and mangle tables only for the stages that jump to them.
        Assert.Contains(Names.PolicyIngress(Pre), model.Chains(4, "mangle").Keys);
        Assert.DoesNotContain(Names.PolicyEgress(Pre), model.Chains(4, "mangle").Keys);
        Assert.Contains(Names.PolicyEgress(Untracked), model.Chains(6, "raw").Keys);
        Assert.DoesNotContain(Names.PolicyIngress(AllowWeb), model.Chains(4, "raw").Keys);
    }

    [Fact]
    public void A_preDnat_policy_change_rewrites_its_chains_only_and_a_workload_policy_change_touches_no_raw_or_mangle()
    {
        var live = LiveState.FromSnapshot(State());
        var model = ModelBuilder.Full(Layout, live);
        var delta = new PolicyDelta { Generation = 2, PolicyUpdates = Of(Rules(Pre, Deny(6, 30001))) };
        var transaction = ModelDiff.Delta(model, ModelBuilder.Update(Layout, model, live, StateDelta.Apply(live, delta), delta));
        var chains = transaction.V4!.Split('\n').Where(l => l.StartsWith(':')).ToList();
        Assert.Equal([":" + Names.PolicyIngress(Pre) + " - [0:0]", ":" + Names.PolicyIngress(Pre) + " - [0:0]"], chains); // mangle and filter copies
        Assert.Equal(["*mangle", "*filter"], transaction.V4.Split('\n').Where(l => l.StartsWith('*')));

        delta = new PolicyDelta { Generation = 2, PolicyUpdates = Of(AllowAll(OpenProfile) with { Egress = Of<CompiledRule>() }) };
        transaction = ModelDiff.Delta(model, ModelBuilder.Update(Layout, model, live, StateDelta.Apply(live, delta), delta));
        Assert.Equal(["*filter"], transaction.V4!.Split('\n').Where(l => l.StartsWith('*')));
    }

    [Fact]
    public void Removing_the_last_host_endpoint_unhooks_and_deletes_the_raw_and_mangle_chains()
    {
        var live = LiveState.FromSnapshot(State());
        var model = ModelBuilder.Full(Layout, live);
        var delta = new PolicyDelta { Generation = 2, EndpointRemovals = Of(EndpointId.Host("node1-eth0")), PolicyRemovals = Of(Pre, Untracked, AllowWeb) };
        var next = ModelBuilder.Update(Layout, model, live, StateDelta.Apply(live, delta), delta);
        var transaction = ModelDiff.Delta(model, next);
        foreach (var text in new[] { transaction.V4!, transaction.V6! })
        {
            Assert.Contains("*raw\n", text, StringComparison.Ordinal);
            Assert.Contains("-D PREROUTING -j cali-PREROUTING\n", text, StringComparison.Ordinal);
            Assert.Contains("-X cali-PREROUTING\n", text, StringComparison.Ordinal);
            Assert.Contains("-X cali-fh-node1-eth0\n", text, StringComparison.Ordinal);
            Assert.Contains("-D OUTPUT -j cali-OUTPUT\n", text, StringComparison.Ordinal);
        }

        Assert.Empty(next.Chains(4, "raw"));
        Assert.Empty(next.Chains(6, "mangle"));
        Assert.Equal(LiveChains(ModelBuilder.Full(Layout, StateDelta.Apply(live, delta))), LiveChains(next)); // delta = full rebuild
    }

    private static List<string> LiveChains(KernelModel model) =>
        [.. KernelModel.Families.SelectMany(f => KernelModel.Tables.SelectMany(t => model.Chains(f, t).Select(c => f + t + c.Key + string.Join('\n', c.Value.Rules)))).Order(StringComparer.Ordinal)];
}
