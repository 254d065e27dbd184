using System.Net;
using Calico.Sdk.Policy;
using Calico.Sdk.Resources;
using Xunit;
using static Calico.Sdk.Tests.Policy.Res;

namespace Calico.Sdk.Tests.Policy;

/// <summary>Host endpoints: failsafe ports, normal vs applyOnForward vs preDNAT vs doNotTrack (behaviour §3.6).</summary>
public sealed class HostEndpointTests
{
    private const string Host = "172.18.0.2";
    private const string Pod = "10.0.0.1";
    private const string Outside = "203.0.113.10";

    private static PolicyEngine Node(EndpointToHostAction toHost = EndpointToHostAction.Drop, params Resource[] extra)
    {
        var engine = new PolicyEngine(new PolicyEngineOptions { DefaultEndpointToHostAction = toHost });
        engine.Apply([.. BuiltInTiers.Create().Select(PolicyUpdate.Upsert),
            .. new Resource[] { Ns("x"), Wep("x", "a", Pod, L("app=a")), Hep("eth0", "eth0", Host, L("role=node")) }.Concat(extra).Select(PolicyUpdate.Upsert)]);
        return engine;
    }

    private static Flow Inbound(string dst, int port, byte proto = 6) =>
        new(IPAddress.Parse(Outside), IPAddress.Parse(dst), proto, port) { ArrivesVia = EndpointId.Host("eth0") };

    [Fact]
    public void A_host_endpoint_without_policies_or_profiles_denies_all_but_failsafe_ports()
    {
        var engine = Node();
        Assert.Equal(Verdict.Deny, engine.Eval(Outside, Host, 8080).Verdict);
        var ssh = engine.Eval(Outside, Host, 22);
        Assert.Equal(Verdict.Allow, ssh.Verdict);
        Assert.Equal(DecisionReason.Failsafe, ssh.DecidedBy!.Reason);
        Assert.Equal(Verdict.Allow, engine.Eval(Host, Outside, 53, 17).Verdict); // outbound failsafe
        Assert.Equal(Verdict.Deny, engine.Eval(Host, Outside, 80).Verdict);
    }

    [Fact]
    public void Normal_host_policy_does_not_police_forwarded_traffic_unless_applyOnForward()
    {
        var deny = Gnp("deny-in", "role == 'node'", ingress: [Rule("Deny")]);
        var engine = Node(EndpointToHostAction.Drop, deny);
        Assert.Equal(Verdict.Deny, engine.Eval(Outside, Host, 8080).Verdict);
        Assert.Equal(Verdict.Allow, engine.Evaluate(Inbound(Pod, 80)).Verdict); // forwarded to the pod: not policed
        deny.Spec.ApplyOnForward = true;
        engine.Upsert(deny);
        var d = engine.Evaluate(Inbound(Pod, 80));
        Assert.Equal(Verdict.Deny, d.Verdict);
        Assert.Equal(PolicyStage.HostForwardIngress, d.DecidedBy!.Stage);
    }

    [Fact]
    public void PreDNAT_allow_skips_later_host_policy_and_deny_drops_early()
    {
        var pre = Gnp("pre", "role == 'node'", ingress: [Rule("Allow", "TCP", dst: Ports("30080")), Rule("Deny", "TCP", dst: Ports("30081"))]);
        pre.Spec.PreDNAT = true;
        pre.Spec.ApplyOnForward = true;
        var engine = Node(EndpointToHostAction.Drop, pre, Gnp("deny-all", "role == 'node'", ingress: [Rule("Deny")]));
        Assert.Equal(Verdict.Allow, engine.Eval(Outside, Host, 30080).Verdict);
        var denied = engine.Eval(Outside, Host, 30081);
        Assert.Equal(PolicyStage.HostPreDnatIngress, denied.DecidedBy!.Stage);
        Assert.Equal(Verdict.Deny, denied.Verdict);
        var fallThrough = engine.Eval(Outside, Host, 9000);
        Assert.Equal(PolicyStage.HostIngress, fallThrough.DecidedBy!.Stage); // no preDNAT match: normal policy decides
        Assert.Equal(Verdict.Deny, fallThrough.Verdict);
    }

    [Fact]
    public void DoNotTrack_is_evaluated_first_and_has_no_end_of_tier_drop()
    {
        var untracked = Gnp("untracked", "role == 'node'", ingress: [Rule("Deny", "UDP")]);
        untracked.Spec.DoNotTrack = true;
        untracked.Spec.ApplyOnForward = true;
        var engine = Node(EndpointToHostAction.Drop, untracked, Gnp("allow", "role == 'node'", ingress: [Rule("Allow")]));
        var udp = engine.Eval(Outside, Host, 5000, 17);
        Assert.Equal(PolicyStage.HostUntrackedIngress, udp.DecidedBy!.Stage);
        Assert.Equal(Verdict.Deny, udp.Verdict);
        Assert.Equal(Verdict.Allow, engine.Eval(Outside, Host, 5000).Verdict); // TCP falls through to the tracked policy
        var program = engine.Snapshot().Endpoints[EndpointId.Host("eth0")];
        Assert.False(program.UntrackedIngress.Tiers.Single().EndOfTierDrop);
        Assert.DoesNotContain(program.Ingress.Tiers.Single().Policies, p => p.Name == "untracked");
    }

    [Fact]
    public void Host_to_local_workload_is_not_policed_by_workload_ingress()
    {
        var engine = Node(EndpointToHostAction.Drop, Np("x", "deny", "all()", ingress: [Rule("Deny")]));
        var d = engine.Eval(Host, Pod);
        Assert.Equal(Verdict.Allow, d.Verdict);
        Assert.Equal(PolicyStage.HostToWorkload, d.DecidedBy!.Stage);
    }

    [Theory]
    [InlineData(EndpointToHostAction.Drop, Verdict.Deny)]
    [InlineData(EndpointToHostAction.Accept, Verdict.Allow)]
    [InlineData(EndpointToHostAction.Return, Verdict.Deny)] // then the host endpoint (no policy, no profile) decides
    public void Workload_to_own_host_follows_defaultEndpointToHostAction(EndpointToHostAction action, Verdict expected)
    {
        Assert.Equal(expected, Node(action).Eval(Pod, Host, 8080).Verdict);
    }

    [Fact]
    public void Workload_policies_ignore_preDNAT_and_doNotTrack_policies()
    {
        var pre = Gnp("pre", "all()", ingress: [Rule("Deny")]);
        pre.Spec.PreDNAT = true;
        pre.Spec.ApplyOnForward = true;
        var engine = Node(EndpointToHostAction.Drop, pre);
        Assert.True(engine.Snapshot().Endpoints[EndpointId.Workload("x", "a")].Ingress.Tiers.Count == 0);
    }
}
