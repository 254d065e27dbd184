using System.Net.Sockets;
using Xunit;
using static Calico.Sdk.Linux.Tests.GoldenEncodingTests;

namespace Calico.Sdk.Linux.Tests;

public sealed class MonitorAndSysctlTests
{
    [Fact]
    public async Task Monitor_streams_link_address_and_route_changes()
    {
        using var s = Sandbox.Create();
        using var monitor = NetlinkMonitor.Open(NetlinkGroups.All, s.Namespace);
        var link = s.Route.AddLink(new IfbLink("watch0") { Up = true });
        s.Route.AddAddress(new AddressInfo(link.Index, Ip("10.20.0.1"), 24));
        s.Route.AddRoute(new RouteInfo(Net("10.21.0.0/16")) { Gateway = Ip("10.20.0.2") });
        s.Route.DeleteRoute(new RouteInfo(Net("10.21.0.0/16")));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        bool sawLink = false, sawAddress = false, sawRoute = false, sawRouteGone = false;
        await foreach (var change in monitor.ReadAllAsync(timeout.Token))
        {
            sawLink |= change.Kind == NetlinkEventKind.NewLink && change.Link!.Name == "watch0";
            sawAddress |= change.Kind == NetlinkEventKind.NewAddress && change.Address!.Address.Equals(Ip("10.20.0.1"));
            sawRoute |= change.Kind == NetlinkEventKind.NewRoute && change.Route!.Destination == Net("10.21.0.0/16");
            sawRouteGone |= change.Kind == NetlinkEventKind.DeleteRoute && change.Route!.Destination == Net("10.21.0.0/16");
            if (sawLink && sawAddress && sawRoute && sawRouteGone)
            {
                break;
            }
        }

        Assert.True(sawLink && sawAddress && sawRoute && sawRouteGone);
    }

    [Fact]
    public async Task Monitor_read_is_cancellable()
    {
        using var s = Sandbox.Create();
        using var monitor = NetlinkMonitor.Open(NetlinkGroups.IPv6Route, s.Namespace);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await monitor.ReadAsync(cancel.Token));
    }

    [Fact]
    public void Sysctl_reads_and_writes_inside_the_namespace_only()
    {
        using var s = Sandbox.Create();
        var host = Sysctl.Read("net.ipv4.ip_forward");
        Assert.Equal("0", Sysctl.Read("net.ipv4.ip_forward", s.Namespace));
        Sysctl.Write("net.ipv4.ip_forward", "1", s.Namespace);
        Assert.Equal("1", Sysctl.Read("net.ipv4.ip_forward", s.Namespace));
        Assert.Equal(host, Sysctl.Read("net.ipv4.ip_forward"));

        s.Route.AddLink(new IfbLink("cali.7"));
        Sysctl.Write(
            [
                new("net/ipv4/conf/cali.7/proxy_arp", "1"),
                new("net/ipv4/conf/cali.7/rp_filter", "2"),
                new("net/ipv6/conf/cali.7/accept_ra", "0"),
                new("net/ipv6/conf/cali.7/disable_ipv6", "1"),
            ],
            s.Namespace);
        Assert.Equal("1", Sysctl.Read("net/ipv4/conf/cali.7/proxy_arp", s.Namespace));
        Assert.Equal("2", Sysctl.Read("net/ipv4/conf/cali.7/rp_filter", s.Namespace));
        Assert.Equal("1", Sysctl.Read("net/ipv6/conf/cali.7/disable_ipv6", s.Namespace));
    }

    [Fact]
    public void Sysctl_errors_name_the_key_and_errno()
    {
        using var s = Sandbox.Create();
        var missing = Assert.Throws<LinuxSystemException>(() => Sysctl.Read("net.ipv4.conf.nosuch0.rp_filter", s.Namespace));
        Assert.Equal("ENOENT", missing.ErrorName);
        Assert.Contains("net.ipv4.conf.nosuch0.rp_filter", missing.Message, StringComparison.Ordinal);
        var invalid = Assert.Throws<LinuxSystemException>(() => Sysctl.Write("net.ipv4.conf.all.rp_filter", "banana", s.Namespace));
        Assert.Equal("EINVAL", invalid.ErrorName);
        Assert.Throws<ArgumentException>(() => Sysctl.Read("net/../../etc/passwd"));
    }

    [Fact]
    public async Task SystemProgram_runs_in_a_namespace_with_input_and_reports_failures()
    {
        using var s = Sandbox.Create();
        var inside = s.Namespace.Run(() => new FileInfo("/proc/thread-self/ns/net").LinkTarget);
        var ct = TestContext.Current.CancellationToken;
        var result = await SystemProgram.RunAsync("readlink", ["/proc/self/ns/net"], new SystemProgramOptions { Namespace = s.Namespace }, ct);
        Assert.Equal(inside, result.StandardOutput.Trim());

        var echoed = await SystemProgram.RunAsync("cat", [], new SystemProgramOptions { StandardInput = "flush ruleset\n" }, ct);
        Assert.Equal("flush ruleset\n", echoed.StandardOutput);

        var failed = await Assert.ThrowsAsync<SystemProgramException>(() => SystemProgram.RunAsync("sh", ["-c", "echo 'line 3: syntax error' >&2; exit 3"], null, ct));
        Assert.Equal(3, failed.Result!.ExitCode);
        Assert.Contains("'sh -c", failed.Message, StringComparison.Ordinal);
        Assert.Contains("exited with code 3", failed.Message, StringComparison.Ordinal);
        Assert.Contains("line 3: syntax error", failed.Message, StringComparison.Ordinal);

        var slow = await Assert.ThrowsAsync<SystemProgramException>(() => SystemProgram.RunAsync("sleep", ["10"], new SystemProgramOptions { Timeout = TimeSpan.FromMilliseconds(200) }, ct));
        Assert.True(slow.TimedOut);
        Assert.True(slow.Result!.Elapsed < TimeSpan.FromSeconds(5));

        var missing = await Assert.ThrowsAsync<SystemProgramException>(() => SystemProgram.RunAsync("no-such-program-xyz", [], null, ct));
        Assert.Null(missing.Result);
        Assert.Contains("not found", missing.Message, StringComparison.Ordinal);

        var accepted = await SystemProgram.RunAsync("sh", ["-c", "exit 1"], new SystemProgramOptions { SuccessExitCodes = [0, 1] }, ct);
        Assert.Equal(1, accepted.ExitCode);
    }

    [Fact]
    public void Route_dump_of_an_unknown_family_is_rejected_precisely()
    {
        using var s = Sandbox.Create();
        var error = Assert.Throws<ArgumentException>(() => s.Route.GetRoutes(AddressFamily.AppleTalk));
        Assert.Contains("AppleTalk", error.Message, StringComparison.Ordinal);
    }
}
