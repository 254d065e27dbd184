using Calico.Dataplane.Iptables.Model;
using Calico.Dataplane.Iptables.Rendering;
using Calico.Dataplane.Iptables.State;
using Calico.Sdk.Policy;
using Calico.TestSupport.Dataplane;
using Xunit;
using static Calico.TestSupport.Dataplane.Snapshots;

namespace Calico.Dataplane.Iptables.Tests.Rendering;

public sealed class RenderTests
{
    private static readonly Layout Layout = new(["cali"], EndpointToHostAction.Drop);

    [Fact]
    public async Task Full_ruleset_matches_golden()
    {
        await using var dataplane = new IptablesDataplane(new IptablesDataplaneOptions());
        Golden.Match("full.txt", dataplane.RenderFull(RichSnapshot.Build()));
    }

    [Fact]
    public void Delta_touches_only_what_changed_and_matches_golden()
    {
        var live = LiveState.FromSnapshot(RichSnapshot.Build());
        var model = ModelBuilder.Full(Layout, live);
        var web = live.Policies[RichSnapshot.Web];
        var delta = new PolicyDelta
        {
            Generation = 8,
            IpSetUpdates = Of(
                new IpSetUpdate(SetA, IpSetKind.Net, Of(new IpSetMember(Host("10.65.0.9"))), Of(new IpSetMember(Host("10.65.0.2")))),
                new IpSetUpdate("s:new", IpSetKind.Net, Of(new IpSetMember(Host("10.65.0.3"))), default)),
            PolicyUpdates = Of(web with { Egress = Of(new CompiledRule { Action = RuleAction.Deny }) }),
            EndpointUpdates = Of(Workload("d", "cali0000000000d", "10.65.0.5")),
            EndpointRemovals = Of(EndpointId.Workload("x", "b")),
            PolicyRemovals = Of(RichSnapshot.Staged),
        };
        var next = StateDelta.Apply(live, delta);
        var transaction = ModelDiff.Delta(model, ModelBuilder.Update(Layout, model, live, next, delta));
        Golden.Match("delta.txt", "# ipset\n" + transaction.IpsetBefore + "# iptables\n" + transaction.V4 + "# ip6tables\n" + transaction.V6
            + "# destroy\n" + string.Join('\n', transaction.Destroy) + "\n");
        Assert.Equal(7, live.Generation); // the committed state is untouched until the kernel accepts the transaction
        Assert.Contains(EndpointId.Workload("x", "b"), live.Endpoints.Keys);
    }

    [Fact]
    public void Delta_equals_a_full_rebuild_of_the_resulting_state()
    {
        var live = LiveState.FromSnapshot(RichSnapshot.Build());
        var model = ModelBuilder.Full(Layout, live);
        var delta = new PolicyDelta
        {
            Generation = 8,
            IpSetUpdates = Of(new IpSetUpdate("s:nets", IpSetKind.Net, default, Of(new IpSetMember(System.Net.IPNetwork.Parse("10.0.0.0/8"))))),
            EndpointRemovals = Of(EndpointId.Workload("x", "a")),
            PolicyRemovals = Of(RichSnapshot.Tiered),
        };
        var next = StateDelta.Apply(live, delta);
        var updated = ModelBuilder.Update(Layout, model, live, next, delta);
        var rebuilt = ModelBuilder.Full(Layout, next);
        foreach (var family in KernelModel.Families)
        {
            Assert.Equal(rebuilt.Chains(family).Keys.Order(), updated.Chains(family).Keys.Order());
            foreach (var (name, body) in rebuilt.Chains(family))
            {
                Assert.Equal(body.Rules, updated.Chains(family)[name].Rules);
            }
        }

        Assert.Equal(rebuilt.Sets.Keys.Order(), updated.Sets.Keys.Order());
        foreach (var (name, set) in rebuilt.Sets)
        {
            Assert.Equal(set.Elements.Order(), updated.Sets[name].Elements.Order());
        }
    }

    [Fact]
    public void One_member_change_is_one_ipset_command_and_no_iptables_run()
    {
        var live = LiveState.FromSnapshot(RichSnapshot.Build());
        var model = ModelBuilder.Full(Layout, live);
        var delta = new PolicyDelta { Generation = 8, IpSetUpdates = Of(new IpSetUpdate(SetA, IpSetKind.Net, Of(new IpSetMember(Host("10.65.0.77"))), default)) };
        var transaction = ModelDiff.Delta(model, ModelBuilder.Update(Layout, model, live, StateDelta.Apply(live, delta), delta));
        Assert.Equal("add cali40s:pod-a 10.65.0.77\n", transaction.IpsetBefore);
        Assert.Null(transaction.V4);
        Assert.Null(transaction.V6);
        Assert.Empty(transaction.Destroy);
        Assert.Equal(1, transaction.Commands);
    }

    [Fact]
    public void Names_fit_the_kernel_limits_and_stay_readable_when_they_can()
    {
        Assert.Equal("cali-pi-np/x/allow-from-a", Names.PolicyIngress(AllowFromA));
        var longPolicy = Names.PolicyEgress(new PolicyId(PolicyKind.KubernetesNetworkPolicy, "a-very-long-namespace", "knp.default.some-long-policy-name"));
        Assert.True(longPolicy.Length <= 28, longPolicy);
        Assert.StartsWith("cali-po-knp/a-ver_", longPolicy, StringComparison.Ordinal);
        Assert.NotEqual(longPolicy, Names.PolicyEgress(new PolicyId(PolicyKind.KubernetesNetworkPolicy, "a-very-long-namespace", "knp.default.some-long-policy-namf")));
        var longSet = Names.Set("s:" + new string('x', 40), 6);
        Assert.True(longSet.Length <= 31, longSet);
        Assert.True(Names.IsOurSet(longSet));
        Assert.Equal("cali-tw-cali1234567890a", Names.ToEndpoint("cali1234567890a"));
        Assert.Throws<ArgumentException>(() => Names.Interface("bad name"));
    }

    [Fact]
    public void Rules_iptables_cannot_express_in_one_line_become_equivalent_alternatives()
    {
        var chain = new ChainBuilder(4);
        var rendered = RuleRenderer.Render(new CompiledRule
        {
            Action = RuleAction.Allow,
            Source = new EntityMatch { Nets = Of(System.Net.IPNetwork.Parse("10.0.0.0/8")), NotNets = Of(System.Net.IPNetwork.Parse("10.1.0.0/16"), System.Net.IPNetwork.Parse("10.2.0.0/16")) },
            Destination = new EntityMatch { Ports = Of([.. Enumerable.Range(1, 16).Select(p => new PortRange((ushort)p, (ushort)p))]) },
        }, chain);
        Assert.True(rendered);
        var body = chain.Build();
        var cidr = Assert.Single(body.CidrSets);
        Assert.Equal(["10.1.0.0/16", "10.2.0.0/16"], cidr.Elements.Order());
        Assert.Equal(6, body.Rules.Count); // 3 protocols x 2 port chunks (the policy chain adds the RETURN)
        Assert.All(body.Rules, r => Assert.Contains("-s 10.0.0.0/8 -m set ! --match-set " + cidr.Name + " src", r, StringComparison.Ordinal));

        var v6 = new ChainBuilder(6);
        RuleRenderer.Render(new CompiledRule { Action = RuleAction.Deny, Protocol = 1 }, v6);
        RuleRenderer.Render(new CompiledRule { Action = RuleAction.Deny, Source = new EntityMatch { Nets = Of(System.Net.IPNetwork.Parse("10.0.0.0/8")) } }, v6);
        Assert.Empty(v6.Build().Rules); // ICMPv4 and IPv4-only nets do not exist in the IPv6 table
    }

    [Fact]
    public void Consecutive_allow_or_pass_rules_share_one_return_and_other_actions_end_the_run()
    {
        CompiledRule Rule(RuleAction action, ushort port, string? net = null) => new()
        {
            Action = action,
            Protocol = 6,
            Source = net is null ? new EntityMatch() : new EntityMatch { Nets = Of(System.Net.IPNetwork.Parse(net)) },
            Destination = new EntityMatch { Ports = Of(new PortRange(port, port)) },
        };
        var body = ChainRenderer.Policy(
            Of(Rule(RuleAction.Allow, 1), Rule(RuleAction.Allow, 2), Rule(RuleAction.Deny, 3, "fd00::/8"), Rule(RuleAction.Allow, 4), Rule(RuleAction.Log, 5), Rule(RuleAction.Pass, 6), Rule(RuleAction.Pass, 7), Rule(RuleAction.Deny, 8)),
            4);
        const string accepted = "-m mark --mark 0x10000/0x10000 -j RETURN";
        const string passed = "-m mark --mark 0x20000/0x20000 -j RETURN";
        Assert.Equal(
            ["--dports 1 ", "--dports 2 ", "--dports 4 ", accepted, "--dports 5 ", "--dports 6 ", "--dports 7 ", passed, "--dports 8 "],
            body.Rules.Select(r => r.Contains("-j RETURN", StringComparison.Ordinal) ? r : r[r.IndexOf("--dports", StringComparison.Ordinal)..(r.IndexOf("--dports", StringComparison.Ordinal) + 11)]));
    }
}
