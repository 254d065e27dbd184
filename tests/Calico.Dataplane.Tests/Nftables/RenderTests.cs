using Calico.Dataplane.Nftables;
using Calico.Dataplane.Nftables.Rendering;
using Calico.Dataplane.Nftables.State;
using Calico.Sdk.Policy;
using Calico.TestSupport.Dataplane;
using Xunit;
using static Calico.TestSupport.Dataplane.Snapshots;

namespace Calico.Dataplane.Tests.Nftables;

public sealed class RenderTests
{
    private static readonly TableLayout Layout = new("inet", "calico", ["cali"], EndpointToHostAction.Drop);

    [Fact]
    public void Full_ruleset_matches_golden()
    {
        var script = TableRenderer.Full(Layout, LiveState.FromSnapshot(RichSnapshot.Build()));
        Golden.Match("full.nft", script.ToString());
    }

    [Fact]
    public async Task RenderFull_of_the_public_type_is_the_same_text()
    {
        await using var dataplane = new NftablesDataplane(new NftablesDataplaneOptions());
        Assert.Equal(TableRenderer.Full(Layout, LiveState.FromSnapshot(RichSnapshot.Build())).ToString(), dataplane.RenderFull(RichSnapshot.Build()));
    }

    [Fact]
    public void Delta_touches_only_what_changed_and_matches_golden()
    {
        var live = LiveState.FromSnapshot(RichSnapshot.Build());
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
        var (script, next) = DeltaRenderer.Render(Layout, live, delta);
        Golden.Match("delta.nft", script.ToString());
        Assert.Equal(8, next.Generation);
        Assert.Contains(EndpointId.Workload("x", "d"), next.Endpoints.Keys);
        Assert.DoesNotContain(EndpointId.Workload("x", "b"), next.Endpoints.Keys);
        Assert.Equal(7, live.Generation); // the committed state is untouched until the kernel accepts the script
        Assert.Contains(EndpointId.Workload("x", "b"), live.Endpoints.Keys);
    }

    [Fact]
    public void One_member_change_is_one_element_command()
    {
        var live = LiveState.FromSnapshot(RichSnapshot.Build());
        var delta = new PolicyDelta { Generation = 8, IpSetUpdates = Of(new IpSetUpdate(SetA, IpSetKind.Net, Of(new IpSetMember(Host("10.65.0.77"))), default)) };
        var (script, _) = DeltaRenderer.Render(Layout, live, delta);
        Assert.Equal(1, script.Commands);
        Assert.Equal("add element inet calico ip4-s-pod-a { 10.65.0.77 }\n", script.ToString());
    }

    [Fact]
    public void Removing_a_covering_cidr_brings_back_the_members_it_hid()
    {
        var live = LiveState.FromSnapshot(RichSnapshot.Build());
        var delta = new PolicyDelta { Generation = 8, IpSetUpdates = Of(new IpSetUpdate("s:nets", IpSetKind.Net, default, Of(new IpSetMember(System.Net.IPNetwork.Parse("10.0.0.0/8"))))) };
        var (script, _) = DeltaRenderer.Render(Layout, live, delta);
        Assert.Equal(
            "delete element inet calico ip4-s-nets { 10.0.0.0/8 }\nadd element inet calico ip4-s-nets { 10.1.2.3 }\n",
            script.ToString());
    }

    [Fact]
    public void Out_of_sequence_or_inconsistent_deltas_are_refused_before_rendering()
    {
        var live = LiveState.FromSnapshot(RichSnapshot.Build());
        var skip = Assert.Throws<InvalidOperationException>(() => DeltaRenderer.Render(Layout, live, new PolicyDelta { Generation = 9 }));
        Assert.Contains("does not follow applied generation 7", skip.Message, StringComparison.Ordinal);
        var absent = new PolicyDelta { Generation = 8, IpSetUpdates = Of(new IpSetUpdate(SetA, IpSetKind.Net, default, Of(new IpSetMember(Host("10.9.9.9"))))) };
        Assert.Contains("removing absent member 10.9.9.9/32", Assert.Throws<InvalidOperationException>(() => DeltaRenderer.Render(Layout, live, absent)).Message, StringComparison.Ordinal);
        var dangling = new PolicyDelta { Generation = 8, PolicyRemovals = Of(RichSnapshot.Web) };
        Assert.Contains("references policy knp/x/knp.default.web", Assert.Throws<InvalidOperationException>(() => DeltaRenderer.Render(Layout, live, dangling)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_with_a_dangling_reference_is_rejected_with_the_names()
    {
        var bad = Snapshot(1, [], [], [Workload("a", "cali1", "10.0.0.1", AllowFromA)]);
        var error = Assert.Throws<ArgumentException>(() => LiveState.FromSnapshot(bad));
        Assert.Contains("wep/x/a references policy np/x/allow-from-a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsafe_names_are_hashed_and_stable()
    {
        var id = new PolicyId(PolicyKind.NetworkPolicy, "x", "weird name with spaces");
        var name = NftNames.PolicyIngress(id);
        Assert.StartsWith("pi-np/x/weird_name_with_spaces_", name, StringComparison.Ordinal);
        Assert.Equal(name, NftNames.PolicyIngress(id));
        Assert.NotEqual(name, NftNames.PolicyIngress(id with { Name = "weird name with spaces!" }));
        Assert.Throws<ArgumentException>(() => NftNames.Quote("bad\"name"));
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentException>(() => new NftablesDataplaneOptions { TableName = "bad name" }.Validate());
        Assert.Throws<ArgumentException>(() => new NftablesDataplaneOptions { WorkloadInterfacePrefixes = ["ca*"] }.Validate());
        Assert.Throws<ArgumentException>(() => new NftablesDataplaneOptions { RefreshInterval = TimeSpan.Zero }.Validate());
    }

    [Fact]
    public void Sctp_init_has_a_valid_crc32c()
    {
        Assert.Equal(0xE3069283u, Calico.Conformance.NetpolKernel.SctpInit.Crc32C("123456789"u8));
        var packet = Calico.Conformance.NetpolKernel.SctpInit.Build(1234, 80, 0xdeadbeef);
        var stored = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(packet.AsSpan(8));
        packet.AsSpan(8, 4).Clear();
        Assert.Equal(Calico.Conformance.NetpolKernel.SctpInit.Crc32C(packet), stored);
    }
}
