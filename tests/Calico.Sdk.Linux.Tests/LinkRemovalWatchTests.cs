using System.Net.Sockets;
using Xunit;

namespace Calico.Sdk.Linux.Tests;

public sealed class LinkRemovalWatchTests
{
    [Fact]
    public async Task Wait_returns_when_another_namespace_deletes_the_peer_of_a_watched_veth()
    {
        using var pod = Sandbox.Create();
        using var host = Sandbox.Create();
        var podEnd = pod.Route.AddLink(new VethLink("eth0", "cali1") { PeerNamespace = host.Namespace, Up = true });
        var other = pod.Route.AddLink(new VethLink("eth1", "cali2") { PeerNamespace = host.Namespace, Up = true });
        using var watch = LinkRemovalWatch.Open(pod.Namespace, podEnd.Index);

        // Another link's deletion is not the one watched for.
        host.Route.DeleteLink("cali2");
        Assert.False(watch.Wait(TimeSpan.FromMilliseconds(100)));
        Assert.Null(pod.Route.GetLink(other.Index));

        // Deleting the host end takes the pod end along; the announcement ends the wait.
        var deleting = Task.Run(() => host.Route.DeleteLink("cali1"), TestContext.Current.CancellationToken);
        Assert.True(watch.Wait(TimeSpan.FromSeconds(10)));
        Assert.Null(pod.Route.GetLink(podEnd.Index));
        await deleting;
    }

    [Fact]
    public void Wait_times_out_while_the_link_stays()
    {
        using var s = Sandbox.Create();
        var link = s.Route.AddLink(new VethLink("eth0", "eth0-peer") { Up = true });
        using var watch = LinkRemovalWatch.Open(s.Namespace, link.Index);
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(watch.Wait(TimeSpan.FromMilliseconds(150)));
        Assert.InRange(started.ElapsedMilliseconds, 140, 5000);
        Assert.NotNull(s.Route.GetLink(link.Index));
    }

    [Fact]
    public void Input_on_the_socket_alongside_ends_the_wait_unless_the_deletion_came_first()
    {
        using var s = Sandbox.Create();
        var link = s.Route.AddLink(new VethLink("eth0", "eth0-peer") { Up = true });
        var other = s.Route.AddLink(new VethLink("eth1", "eth1-peer") { Up = true });
        using var watch = LinkRemovalWatch.Open(s.Namespace, link.Index);
        var (ours, theirs) = SocketPair();
        using (ours)
        using (theirs)
        {
            // Quiet socket: the wait runs to its timeout.
            Assert.False(watch.Wait(TimeSpan.FromMilliseconds(100), ours));

            // The other process reports a failure: the wait ends long before its timeout, even with unrelated link
            // changes queued in front of it.
            s.Route.DeleteLink(other.Index);
            theirs.Send("error 16\n"u8);
            var started = System.Diagnostics.Stopwatch.StartNew();
            Assert.False(watch.Wait(TimeSpan.FromSeconds(10), ours));
            Assert.InRange(started.ElapsedMilliseconds, 0, 2000);

            // The announcement already queued wins over the readable socket.
            s.Route.DeleteLink(link.Index);
            Assert.True(watch.Wait(TimeSpan.FromSeconds(10), ours));
        }
    }

    [Fact]
    public void Open_refuses_an_index_that_cannot_name_a_link() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LinkRemovalWatch.Open(null, 0));

    private static (Socket Ours, Socket Theirs) SocketPair()
    {
        var path = Path.Combine(Path.GetTempPath(), "lrw-" + Guid.NewGuid().ToString("N")[..8] + ".sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        try
        {
            var ours = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            ours.Connect(new UnixDomainSocketEndPoint(path));
            return (ours, listener.Accept());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
