using Calico.Dataplane.Nftables.Rendering;
using Calico.Dataplane.Nftables.State;
using Calico.Sdk.Policy;
using Calico.Dataplane.Tests.Kernel;
using Xunit;
using static Calico.TestSupport.Dataplane.Snapshots;

namespace Calico.Dataplane.Tests.Nftables;

public sealed class HostEndpointRenderTests
{
    private static readonly TableLayout Layout = new("inet", "calico", ["cali"], EndpointToHostAction.Return);
    private static readonly PolicyId Pre = new(PolicyKind.GlobalNetworkPolicy, null, "pre");
    private static readonly PolicyId Untracked = new(PolicyKind.GlobalNetworkPolicy, null, "untracked");

    [Fact]
    public void Every_stage_of_a_host_endpoint_renders_and_matches_golden()
    {
        var (script, _) = DeltaRenderer.Render(Layout, LiveState.FromSnapshot(Node.Baseline()), AddHost());
        Golden.Match("host-endpoint.nft", script.ToString());
    }

    [Fact]
    public void Removing_a_host_endpoint_empties_its_dispatch_entries_before_deleting_its_chains()
    {
        var (_, live) = DeltaRenderer.Render(Layout, LiveState.FromSnapshot(Node.Baseline()), AddHost());
        var (script, next) = DeltaRenderer.Render(Layout, live, new PolicyDelta
        {
            Generation = 3,
            EndpointRemovals = Of(EndpointId.Host("node1-eth0")),
            PolicyRemovals = Of(Pre, Untracked),
        });
        var lines = script.ToString().Split('\n');
        var flush = Array.IndexOf(lines, "flush map inet calico hep-in");
        var delete = Array.IndexOf(lines, "delete chain inet calico fh-node1-eth0");
        Assert.True(flush >= 0 && delete > flush, script.ToString());
        Assert.DoesNotContain(lines, l => l.StartsWith("add element inet calico hep-", StringComparison.Ordinal));
        Assert.DoesNotContain(EndpointId.Host("node1-eth0"), next.Endpoints.Keys);
        Assert.Equal(8, lines.Count(l => l.StartsWith("delete chain", StringComparison.Ordinal) && l.EndsWith("node1-eth0", StringComparison.Ordinal)));
    }

    private static PolicyDelta AddHost() => new()
    {
        Generation = 2,
        PolicyUpdates = Of(
            new CompiledPolicy(Pre, Of(new CompiledRule { Action = RuleAction.Deny, Protocol = 6, Destination = new EntityMatch { Ports = Of(new PortRange(30000, 30000)) } }), default),
            new CompiledPolicy(Untracked, Of(new CompiledRule { Action = RuleAction.Allow, Protocol = 17 }), default)),
        EndpointUpdates = Of(new EndpointProgram
        {
            Id = EndpointId.Host("node1-eth0"),
            InterfaceName = "eth0",
            Addresses = Of(Host("172.18.0.2")),
            Ingress = new DirectionProgram(default, Of(OpenProfile), ProgramEnd.Profiles),
            Egress = new DirectionProgram(default, default, ProgramEnd.Profiles),
            PreDnatIngress = new DirectionProgram(Of(new TierProgram("default", Of(Pre), false)), default, ProgramEnd.Continue),
            UntrackedIngress = new DirectionProgram(Of(new TierProgram("default", Of(Untracked), false)), default, ProgramEnd.Continue),
        }),
    };
}
