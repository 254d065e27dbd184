using System.Net;
using System.Net.NetworkInformation;
using Calico.TestSupport;
using Xunit;

namespace Calico.Sdk.Linux.Tests;

public sealed class LinkTests
{
    [Fact]
    public void Veth_with_peer_in_another_namespace_is_created_changed_moved_and_deleted()
    {
        using var a = Sandbox.Create();
        using var b = Sandbox.Create();
        var mac = PhysicalAddress.Parse("02-11-22-33-44-55");
        var link = a.Route.AddLink(new VethLink("veth-a", "veth-b") { PeerNamespace = b.Namespace, Mtu = 1400, MacAddress = mac, Up = true });
        Assert.Equal("veth", link.Kind);
        Assert.Equal(1400, link.Mtu);
        Assert.Equal(mac, link.MacAddress);
        Assert.True(link.IsUp);
        Assert.NotNull(link.LinkNetnsId); // the peer is in another namespace
        var peer = b.Route.GetLink("veth-b");
        Assert.NotNull(peer);
        Assert.Equal(link.LinkIndex, peer.Index);
        Assert.Null(a.Route.GetLink("veth-b"));

        a.Route.SetLink(link.Index, new LinkSettings { Up = false, Mtu = 1300, MacAddress = PhysicalAddress.Parse("02-00-00-00-00-01"), Name = "veth-x" });
        var changed = a.Route.GetLink(link.Index)!;
        Assert.Equal("veth-x", changed.Name);
        Assert.Equal(1300, changed.Mtu);
        Assert.False(changed.IsUp);
        Assert.Equal(PhysicalAddress.Parse("02-00-00-00-00-01"), changed.MacAddress);

        b.Route.SetLink("veth-b", new LinkSettings { Namespace = a.Namespace });
        Assert.Null(b.Route.GetLink("veth-b"));
        Assert.NotNull(a.Route.GetLink("veth-b"));

        a.Route.DeleteLink("veth-x");
        Assert.Null(a.Route.GetLink("veth-x"));
        Assert.Null(a.Route.GetLink("veth-b")); // deleting one end removes the pair
    }

    [Fact]
    public void Vxlan_options_are_read_back()
    {
        using var s = Sandbox.Create();
        var link = s.Route.AddLink(new VxlanLink("vxlan.calico", 4096) { Port = 4789, Local = IPAddress.Parse("192.168.0.1"), Learning = false, Mtu = 1450 });
        Assert.Equal("vxlan", link.Kind);
        Assert.Equal(1450, link.Mtu);
        Assert.Equal(new VxlanLink("vxlan.calico", 4096) { Port = 4789, Local = IPAddress.Parse("192.168.0.1"), Learning = false }, link.Vxlan);
        var listed = Assert.Single(s.Route.GetLinks(), l => l.Name == "vxlan.calico");
        Assert.Equal(link.Index, listed.Index);
        s.Route.DeleteLink(link.Index);
        Assert.DoesNotContain(s.Route.GetLinks(), l => l.Name == "vxlan.calico");
    }

    [Fact]
    public void Bridge_and_ifb_enslave_and_release()
    {
        using var s = Sandbox.Create();
        var bridge = s.Route.AddLink(new BridgeLink("br0") { Up = true });
        var ifb = s.Route.AddLink(new IfbLink("ifb0") { MasterIndex = bridge.Index });
        Assert.Equal("bridge", bridge.Kind);
        Assert.Equal("ifb", ifb.Kind);
        Assert.Equal(bridge.Index, ifb.MasterIndex);
        s.Route.SetLink(ifb.Index, new LinkSettings { MasterIndex = 0, Up = true });
        var released = s.Route.GetLink(ifb.Index)!;
        Assert.Equal(0, released.MasterIndex);
        Assert.True(released.IsUp);
        s.Route.CreateBatch().DeleteLink(ifb.Index).DeleteLink("br0").Execute();
        Assert.Equal(["lo"], s.Route.GetLinks().Select(l => l.Name));
    }

    [Fact]
    public void Ipip_is_encoded_and_detected_missing_or_created()
    {
        using var s = Sandbox.Create();
        try
        {
            var link = s.Route.AddLink(new IpipLink("tunl9") { Local = IPAddress.Parse("10.0.0.1"), Ttl = 64 });
            Assert.Equal("ipip", link.Kind);
            s.Route.DeleteLink(link.Index);
        }
        catch (NetlinkException error) when (error.Errno == 95 || error.KernelMessage == "Unknown device type")
        {
            Assert.Contains("add link ipip 'tunl9'", error.Message, StringComparison.Ordinal);
            Requires.KernelFeature("ipip", false, error.ErrorName + ": " + error.KernelMessage);
        }
    }

    [Fact]
    public void Errors_name_the_operation_object_and_errno()
    {
        using var s = Sandbox.Create();
        s.Route.AddLink(new IfbLink("dup0"));
        var error = Assert.Throws<NetlinkException>(() => s.Route.AddLink(new IfbLink("dup0")));
        Assert.Equal(17, error.Errno);
        Assert.Equal("add link", error.Operation);
        Assert.Equal("ifb 'dup0'", error.Target);
        Assert.StartsWith("add link ifb 'dup0' failed: EEXIST", error.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<NetlinkException>(() => s.Route.DeleteLink("nosuch0"));
        Assert.Equal("ENODEV", missing.ErrorName);
        Assert.Null(s.Route.GetLink(999));
    }
}
