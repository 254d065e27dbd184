using System.Net;
using System.Net.Sockets;
using Xunit;
using static Calico.Sdk.Linux.Tests.GoldenEncodingTests;

namespace Calico.Sdk.Linux.Tests;

public sealed class NeighbourAndRuleTests
{
    [Fact]
    public void Permanent_arp_and_ndp_entries_are_added_replaced_listed_and_deleted()
    {
        using var s = Sandbox.Create();
        var link = s.Route.AddLink(new VethLink("eth0", "eth0-peer") { Up = true });
        var arp = new NeighbourInfo(link.Index, Ip("169.254.1.1"), Mac("EEEEEEEEEEEE"));
        var ndp = new NeighbourInfo(link.Index, Ip("fe80::1"), Mac("EEEEEEEEEEEE"));
        s.Route.AddNeighbour(arp);
        s.Route.AddNeighbour(ndp);
        s.Route.ReplaceNeighbour(arp with { LinkAddress = Mac("EEEEEEEEEEEF") });
        var entries = s.Route.GetNeighbours(AddressFamily.Unspecified, link.Index);
        var v4 = Assert.Single(entries, e => e.Address.Equals(arp.Address));
        Assert.Equal(Mac("EEEEEEEEEEEF"), v4.LinkAddress);
        Assert.True(v4.IsPermanent);
        Assert.True(Assert.Single(entries, e => e.Address.Equals(ndp.Address)).IsPermanent);
        s.Route.DeleteNeighbour(arp);
        s.Route.DeleteNeighbour(ndp);
        Assert.DoesNotContain(s.Route.GetNeighbours(AddressFamily.Unspecified, link.Index), e => e.IsPermanent);
    }

    [Fact]
    public void Vxlan_fdb_entries_with_destination_vni_and_port()
    {
        using var s = Sandbox.Create();
        var vxlan = s.Route.AddLink(new VxlanLink("vxlan.calico", 4096) { Learning = false, Local = Ip("192.168.0.1") });
        var remote = new FdbEntry(vxlan.Index, Mac("66DAC8E41A27")) { Destination = Ip("192.168.0.2") };
        var flood1 = new FdbEntry(vxlan.Index, Mac("000000000000")) { Destination = Ip("192.168.0.3"), Vni = 4096, Port = 4789 };
        var flood2 = flood1 with { Destination = Ip("192.168.0.4") };
        s.Route.AddFdbEntry(remote);
        s.Route.AppendFdbEntry(flood1);
        s.Route.AppendFdbEntry(flood2);
        var entries = s.Route.GetFdbEntries(vxlan.Index);
        var found = Assert.Single(entries, e => e.MacAddress.Equals(remote.MacAddress));
        Assert.Equal(remote.Destination, found.Destination);
        Assert.True(found.Permanent);
        Assert.Equal(2, entries.Count(e => e.MacAddress.Equals(flood1.MacAddress)));
        s.Route.ReplaceFdbEntry(remote with { Destination = Ip("192.168.0.9") });
        Assert.Equal(Ip("192.168.0.9"), s.Route.GetFdbEntries(vxlan.Index).Single(e => e.MacAddress.Equals(remote.MacAddress)).Destination);
        s.Route.DeleteFdbEntry(remote with { Destination = Ip("192.168.0.9") });
        s.Route.DeleteFdbEntry(flood1);
        var left = s.Route.GetFdbEntries(vxlan.Index);
        Assert.DoesNotContain(left, e => e.MacAddress.Equals(remote.MacAddress));
        Assert.Equal(Ip("192.168.0.4"), Assert.Single(left, e => e.MacAddress.Equals(flood1.MacAddress)).Destination);
    }

    [Fact]
    public void Policy_rules_v4_and_v6_are_added_listed_and_deleted()
    {
        using var s = Sandbox.Create();
        var byMark = new RuleInfo(AddressFamily.InterNetwork) { Priority = 100, FirewallMark = 0x10000, FirewallMask = 0x10000, Table = 1000 };
        var bySource = new RuleInfo(AddressFamily.InterNetwork) { Priority = 101, Source = Net("10.65.0.0/16"), Destination = Net("10.96.0.0/12"), InputInterface = "cali+", Table = 200 };
        var v6 = new RuleInfo(AddressFamily.InterNetworkV6) { Priority = 102, Source = Net("fd00:10::/64"), OutputInterface = "eth0", Table = 201 };
        s.Route.AddRule(byMark);
        s.Route.AddRule(bySource);
        s.Route.AddRule(v6);
        var rules = s.Route.GetRules(AddressFamily.InterNetwork);
        Assert.Equal(byMark, Assert.Single(rules, r => r.Priority == 100));
        Assert.Equal(bySource, Assert.Single(rules, r => r.Priority == 101));
        Assert.Contains(rules, r => r.Table == RouteInfo.MainTable); // the kernel's default rules are listed too
        Assert.Equal(v6, Assert.Single(s.Route.GetRules(AddressFamily.InterNetworkV6), r => r.Priority == 102));
        var duplicate = Assert.Throws<NetlinkException>(() => s.Route.AddRule(byMark));
        Assert.Equal("EEXIST", duplicate.ErrorName);
        s.Route.DeleteRule(byMark);
        s.Route.DeleteRule(bySource);
        s.Route.DeleteRule(v6);
        Assert.DoesNotContain(s.Route.GetRules(AddressFamily.InterNetwork), r => r.Priority is 100 or 101);
        Assert.DoesNotContain(s.Route.GetRules(AddressFamily.InterNetworkV6), r => r.Priority == 102);
    }
}
