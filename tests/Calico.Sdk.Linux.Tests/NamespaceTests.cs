using System.Globalization;
using Calico.TestSupport;
using Xunit;

namespace Calico.Sdk.Linux.Tests;

public sealed class NamespaceTests
{
    private static string Inode(string path) => new FileInfo(path).LinkTarget ?? throw new InvalidOperationException(path);

    private static string ThreadNamespace() => Inode("/proc/thread-self/ns/net");

    [Fact]
    public void Named_namespace_is_created_like_iproute2_run_inside_and_deleted()
    {
        Requires.Root();
        var name = "calico-test-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var before = ThreadNamespace();
        try
        {
            using var ns = NetworkNamespace.Create(name);
            Assert.True(NetworkNamespace.Exists(name));
            Assert.Contains(name, NetworkNamespace.List());
            Assert.Contains("/run/netns/" + name, File.ReadAllText("/proc/self/mountinfo"), StringComparison.Ordinal);
            var inside = ns.Run(ThreadNamespace);
            Assert.NotEqual(before, inside);
            Assert.Equal(before, ThreadNamespace()); // the caller's thread never moved

            using var reopened = NetworkNamespace.OpenByName(name);
            Assert.Equal(inside, reopened.Run(ThreadNamespace));
            var duplicate = Assert.Throws<LinuxSystemException>(() => NetworkNamespace.Create(name));
            Assert.Equal("EEXIST", duplicate.ErrorName);
            Assert.Contains(name, duplicate.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (NetworkNamespace.Exists(name))
            {
                NetworkNamespace.Delete(name);
            }
        }

        Assert.False(NetworkNamespace.Exists(name));
        var missing = Assert.Throws<LinuxSystemException>(() => NetworkNamespace.Delete(name));
        Assert.Equal(2, missing.Errno);
    }

    [Fact]
    public async Task RunAsync_runs_inside_without_blocking_and_propagates_errors()
    {
        Requires.Root();
        using var ns = NetworkNamespace.CreateAnonymous();
        var inside = ns.Run(ThreadNamespace);
        Assert.Equal(inside, await ns.RunAsync(_ => ThreadNamespace(), TestContext.Current.CancellationToken));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ns.RunAsync<int>(_ => throw new InvalidOperationException("boom"), TestContext.Current.CancellationToken));
        Assert.Equal("boom", error.Message);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ns.RunAsync(_ => 1, cancelled.Token));
    }

    [Fact]
    public void Opens_by_pid_and_current_thread()
    {
        Requires.Root();
        using var mine = NetworkNamespace.OpenByPid(Environment.ProcessId);
        using var current = NetworkNamespace.OpenCurrent();
        Assert.Equal(ThreadNamespace(), mine.Run(ThreadNamespace));
        Assert.Equal(ThreadNamespace(), current.Run(ThreadNamespace));
    }

    [Fact]
    public async Task Netlink_socket_opened_inside_is_usable_from_any_thread()
    {
        using var sandbox = Sandbox.Create();
        sandbox.Route.AddLink(new IfbLink("ifb-any"));
        var seen = await Task.Run(() => sandbox.Route.GetLink("ifb-any"), TestContext.Current.CancellationToken);
        Assert.NotNull(seen);
        using var host = NetlinkRoute.Open();
        Assert.Null(host.GetLink("ifb-any")); // it lives only in the sandbox
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("a/b")]
    public void Invalid_names_are_rejected_with_the_reason(string name)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => NetworkNamespace.Create(name));
        Assert.Contains("name", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
