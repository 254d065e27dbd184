using System.Net;
using System.Net.Sockets;
using Xunit;
using static Calico.Sdk.Linux.Tests.GoldenEncodingTests;

namespace Calico.Sdk.Linux.Tests;

public sealed class AddressAndRouteTests
{
    private static (Sandbox Sandbox, int Index) WithVeth()
    {
        var s = Sandbox.Create();
        var link = s.Route.AddLink(new VethLink("eth0", "eth0-peer") { Up = true });
        s.Route.SetLink("eth0-peer", new LinkSettings { Up = true });
        return (s, link.Index);
    }

    [Fact]
    public void Addresses_v4_and_v6_are_added_listed_replaced_and_deleted()
    {
        var (s, index) = WithVeth();
        using var _ = s;
        s.Route.AddAddress(new AddressInfo(index, Ip("10.0.0.1"), 24) { Label = "eth0:calico" });
        s.Route.AddAddress(new AddressInfo(index, Ip("fd00::1"), 64) { NoDad = true });
        var v4 = Assert.Single(s.Route.GetAddresses(AddressFamily.InterNetwork, index));
        Assert.Equal(Ip("10.0.0.1"), v4.Address);
        Assert.Equal(24, v4.PrefixLength);
        Assert.Equal("eth0:calico", v4.Label);
        var v6 = Assert.Single(s.Route.GetAddresses(AddressFamily.InterNetworkV6, index), a => !a.Address.IsIPv6LinkLocal);
        Assert.Equal(Ip("fd00::1"), v6.Address);
        Assert.True(v6.NoDad);

        s.Route.ReplaceAddress(new AddressInfo(index, Ip("10.0.0.1"), 24));
        var duplicate = Assert.Throws<NetlinkException>(() => s.Route.AddAddress(new AddressInfo(index, Ip("10.0.0.1"), 24)));
        Assert.Equal("EEXIST", duplicate.ErrorName);
        Assert.Contains("10.0.0.1/24 dev #" + index, duplicate.Message, StringComparison.Ordinal);

        s.Route.DeleteAddress(v4);
        s.Route.DeleteAddress(new AddressInfo(index, Ip("fd00::1"), 64));
        Assert.Empty(s.Route.GetAddresses(AddressFamily.InterNetwork, index));
        Assert.DoesNotContain(s.Route.GetAddresses(AddressFamily.InterNetworkV6, index), a => a.Address.Equals(Ip("fd00::1")));
    }

    [Fact]
    public void Routes_of_every_kind_are_added_read_back_replaced_and_deleted()
    {
        var (s, index) = WithVeth();
        using var _ = s;
        s.Route.AddAddress(new AddressInfo(index, Ip("10.0.0.1"), 24));
        s.Route.AddAddress(new AddressInfo(index, Ip("fd00::1"), 64) { NoDad = true });
        RouteInfo[] routes =
        [
            new(Net("10.1.0.0/24")) { Gateway = Ip("10.0.0.2"), OutputInterface = index, Metric = 5, Protocol = RouteProtocol.Calico },
            new(Net("10.2.0.0/16")) { OutputInterface = index, Table = 100, Scope = RouteScope.Link },
            new(Net("10.3.0.0/24")) { Gateway = Ip("192.168.50.1"), OutputInterface = index, OnLink = true, Table = 70000 },
            new(Net("10.4.0.0/16")) { Type = RouteType.Blackhole, Protocol = RouteProtocol.Static },
            new(Net("10.5.0.0/16")) { Type = RouteType.Unreachable },
            new(Net("10.6.0.0/24")) { NextHops = [new RouteNextHop(Ip("10.0.0.2"), index) { Weight = 3 }, new RouteNextHop(Ip("10.0.0.3"), index)] },
            new(Net("fd00:1::/64")) { Gateway = Ip("fd00::2"), OutputInterface = index, Metric = 256 },
        ];
        var batch = s.Route.CreateBatch();
        foreach (var route in routes)
        {
            batch.AddRoute(route);
        }

        batch.Execute();
        var all = s.Route.GetRoutes(AddressFamily.Unspecified, table: null);
        foreach (var route in routes)
        {
            var found = Assert.Single(all, r => r.Destination == route.Destination);
            Assert.Equal(route.Table, found.Table);
            Assert.Equal(route.Type, found.Type);
            Assert.Equal(route.Gateway, found.Gateway);
            Assert.Equal(route.OnLink, found.OnLink);
            Assert.Equal(route.NextHops, found.NextHops);
            Assert.Equal(route.Protocol, found.Protocol);
            if (route.Metric is { } metric)
            {
                Assert.Equal(metric, found.Metric);
            }
        }

        Assert.Equal(Net("10.1.0.0/24"), s.Route.GetRoutes().Single(r => r.Gateway is not null).Destination);
        Assert.Single(s.Route.GetRoutes(AddressFamily.InterNetwork, 100));

        s.Route.ReplaceRoute(routes[0] with { Gateway = Ip("10.0.0.9") });
        Assert.Equal(Ip("10.0.0.9"), s.Route.GetRoutes().Single(r => r.Destination == routes[0].Destination).Gateway);

        var delete = s.Route.CreateBatch();
        foreach (var route in s.Route.GetRoutes(AddressFamily.Unspecified, table: null).Where(r => routes.Any(x => x.Destination == r.Destination)))
        {
            delete.DeleteRoute(route);
        }

        delete.Execute();
        var left = s.Route.GetRoutes(AddressFamily.Unspecified, table: null);
        Assert.DoesNotContain(left, r => routes.Any(x => x.Destination == r.Destination));
    }

    [Fact]
    public void Batch_reports_every_failed_request_and_applies_the_rest()
    {
        var (s, index) = WithVeth();
        using var _ = s;
        s.Route.AddAddress(new AddressInfo(index, Ip("10.0.0.1"), 24));
        var batch = s.Route.CreateBatch()
            .AddRoute(new RouteInfo(Net("10.7.0.0/24")) { Gateway = Ip("10.0.0.2") })
            .AddRoute(new RouteInfo(Net("10.7.0.0/24")) { Gateway = Ip("10.0.0.2") })
            .AddRoute(new RouteInfo(Net("10.7.1.0/24")) { Gateway = Ip("10.99.0.1") })
            .AddRoute(new RouteInfo(Net("10.7.2.0/24")) { Gateway = Ip("10.0.0.2") });
        var error = Assert.Throws<NetlinkException>(batch.Execute);
        Assert.Equal("add route", error.Operation);
        Assert.Equal("EEXIST", error.ErrorName);
        Assert.Equal("10.7.0.0/24 via 10.0.0.2 table 254", error.Target);
        var second = Assert.Single(error.AdditionalFailures);
        Assert.Equal("ENETUNREACH", second.ErrorName);
        Assert.Contains("10.7.1.0/24 via 10.99.0.1", second.Message, StringComparison.Ordinal);
        Assert.Equal(0, batch.Count);
        var installed = s.Route.GetRoutes().Select(r => r.Destination).ToHashSet();
        Assert.Contains(Net("10.7.0.0/24"), installed);
        Assert.Contains(Net("10.7.2.0/24"), installed);
    }

    [Fact]
    public void Thousands_of_routes_span_many_chunks_and_dump_back_whole()
    {
        var (s, index) = WithVeth();
        using var _ = s;
        s.Route.AddAddress(new AddressInfo(index, Ip("10.0.0.1"), 24));
        var batch = s.Route.CreateBatch();
        for (var i = 0; i < 5000; i++)
        {
            batch.AddRoute(new RouteInfo(new IPNetwork(new IPAddress([100, (byte)(i >> 8), (byte)i, 0]), 24)) { Gateway = Ip("10.0.0.2"), Table = 42 });
        }

        batch.Execute();
        Assert.Equal(5000, s.Route.GetRoutes(AddressFamily.InterNetwork, 42).Count);
    }

    [Fact]
    public void Failures_in_later_chunks_name_the_right_requests()
    {
        var (s, index) = WithVeth();
        using var _ = s;
        s.Route.AddAddress(new AddressInfo(index, Ip("10.0.0.1"), 24));
        s.Route.Socket.MaxRequestsPerChunk = 16; // as on a socket without CAP_NET_ADMIN and a small rmem_max
        var failing = new[] { 5, 40, 99 };
        var batch = s.Route.CreateBatch();
        for (var i = 0; i < 100; i++)
        {
            // Unreachable gateways make exactly these requests fail (ENETUNREACH); all others succeed.
            var gateway = failing.Contains(i) ? Ip("10.99.0." + i) : Ip("10.0.0.2");
            batch.AddRoute(new RouteInfo(new IPNetwork(new IPAddress([10, 50, 0, (byte)i]), 32)) { Gateway = gateway });
        }

        var error = Assert.Throws<NetlinkException>(batch.Execute);
        var all = new[] { error }.Concat(error.AdditionalFailures).ToList();
        Assert.Equal(["10.50.0.5/32 via 10.99.0.5 table 254", "10.50.0.40/32 via 10.99.0.40 table 254", "10.50.0.99/32 via 10.99.0.99 table 254"], all.Select(e => e.Target));
        Assert.All(all, e => Assert.Equal("ENETUNREACH", e.ErrorName));
        Assert.Equal(97, s.Route.GetRoutes().Count(r => r.Destination.PrefixLength == 32));
    }
}
