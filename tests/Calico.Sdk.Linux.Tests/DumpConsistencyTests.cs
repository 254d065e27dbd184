using System.Net;
using System.Net.Sockets;
using Xunit;
using static Calico.Sdk.Linux.Tests.GoldenEncodingTests;

namespace Calico.Sdk.Linux.Tests;

public sealed class DumpConsistencyTests
{
    [Fact]
    public async Task Dumps_under_concurrent_churn_always_return_every_stable_route()
    {
        using var s = Sandbox.Create();
        var link = s.Route.AddLink(new VethLink("eth0", "eth0p") { Up = true });
        s.Route.AddAddress(new AddressInfo(link.Index, Ip("10.0.0.1"), 24));
        var stable = s.Route.CreateBatch();
        for (var i = 0; i < 3000; i++)
        {
            stable.AddRoute(new RouteInfo(new IPNetwork(new IPAddress([10, 200, (byte)(i >> 8), (byte)i]), 32)) { Gateway = Ip("10.0.0.2") });
        }

        stable.Execute();
        using var churner = NetlinkRoute.Open(s.Namespace);
        using var stop = new CancellationTokenSource();
        using var churning = new ManualResetEventSlim();
        var churn = Task.Run(
            () =>
            {
                var churned = 0;
                while (!stop.IsCancellationRequested)
                {
                    var route = new RouteInfo(new IPNetwork(new IPAddress([10, 201, (byte)(churned >> 8), (byte)churned]), 32)) { Gateway = Ip("10.0.0.2") };
                    churner.AddRoute(route);
                    churner.DeleteRoute(route);
                    churned++;
                    churning.Set();
                }

                return churned;
            },
            TestContext.Current.CancellationToken);

        // The dumps must overlap the churn: on a loaded machine the churn task may start late.
        Assert.True(churning.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), "the churn never started");

        for (var dump = 0; dump < 20; dump++)
        {
            var routes = s.Route.GetRoutes(AddressFamily.InterNetwork);
            Assert.Equal(3000, routes.Count(r => r.Destination.BaseAddress.GetAddressBytes()[1] == 200));
            Assert.Equal(routes.Count, routes.Select(r => r.Destination).Distinct().Count()); // no duplicates from a restart
        }

        await stop.CancelAsync();
        Assert.True(await churn > 0);
        TestContext.Current.TestOutputHelper?.WriteLine($"dumps restarted after NLM_F_DUMP_INTR: {s.Route.DumpRestarts}");
    }

    [Fact]
    public async Task Link_dumps_under_concurrent_link_churn_are_restarted_and_complete()
    {
        using var s = Sandbox.Create();
        var batch = s.Route.CreateBatch();
        for (var i = 0; i < 150; i++)
        {
            batch.AddLink(new IfbLink("stable" + i));
        }

        batch.Execute();
        using var churner = NetlinkRoute.Open(s.Namespace);
        using var stop = new CancellationTokenSource();
        using var churning = new ManualResetEventSlim();
        var churn = Task.Run(
            () =>
            {
                var churned = 0;
                while (!stop.IsCancellationRequested)
                {
                    churner.AddLink(new IfbLink("churn" + (churned % 4)));
                    churner.DeleteLink("churn" + (churned % 4));
                    churned++;
                    churning.Set();
                }

                return churned;
            },
            TestContext.Current.CancellationToken);
        Assert.True(churning.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), "the churn never started");

        // Keep dumping (at least 30 times) until the kernel has interrupted one, proving the restart path ran.
        for (var dump = 0; dump < 30 || (s.Route.DumpRestarts == 0 && dump < 1000); dump++)
        {
            var links = s.Route.GetLinks();
            Assert.Equal(150, links.Count(l => l.Name.StartsWith("stable", StringComparison.Ordinal)));
            Assert.Equal(links.Count, links.Select(l => l.Index).Distinct().Count());
        }

        await stop.CancelAsync();
        Assert.True(await churn > 0);
        Assert.True(s.Route.DumpRestarts > 0, "no link dump was interrupted by the churn");
    }
}
