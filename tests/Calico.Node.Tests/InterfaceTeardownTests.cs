using System.Net.Sockets;
using System.Text;
using Calico.Sdk.Hosting.Agent;
using Calico.Sdk.Linux;
using Calico.Sdk.Status;
using Calico.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Calico.Node.Tests;

/// <summary>The agent's teardown socket, on real veths in fresh namespaces.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class InterfaceTeardownTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("calico-teardown-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Deletes_a_workload_veth_and_refuses_anything_else()
    {
        Requires.Root();
        using var host = NetworkNamespace.CreateAnonymous();
        using var pod = NetworkNamespace.CreateAnonymous();
        using var hostLinks = NetlinkRoute.Open(host);
        using var podLinks = NetlinkRoute.Open(pod);
        var workload = hostLinks.AddLink(new VethLink("calia1b2c3d4e5f", "eth0") { PeerNamespace = pod, Up = true });
        var other = hostLinks.AddLink(new VethLink("veth-other", "eth1") { PeerNamespace = pod, Up = true });
        var podEnd = podLinks.GetLink("eth0")!;

        var teardown = InterfaceTeardown.Start(_dir, ["cali"], host, NullLogger.Instance);
        try
        {
            var socket = StatusPaths.TeardownSocket(_dir);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(socket));

            Assert.Equal("refused malformed request", Ask(socket, "DELETE everything"));
            Assert.Equal("refused not a workload interface", Ask(socket, $"DEL veth-other {other.Index}"));
            Assert.Equal("gone", Ask(socket, $"DEL calia1b2c3d4e5f {other.Index}"));
            Assert.NotNull(hostLinks.GetLink(other.Index));
            Assert.NotNull(hostLinks.GetLink(workload.Index));

            // Accepted: the pod end's deletion is announced long before the kernel's clean-up ends.
            using var watch = LinkRemovalWatch.Open(pod, podEnd.Index);
            Assert.Equal("ok", Ask(socket, $"DEL calia1b2c3d4e5f {workload.Index}"));
            Assert.True(watch.Wait(TimeSpan.FromSeconds(10)));
            Assert.Null(hostLinks.GetLink(workload.Index));
            Assert.Null(podLinks.GetLink("eth0"));
            Assert.NotNull(podLinks.GetLink("eth1"));
        }
        finally
        {
            await teardown.DisposeAsync();
        }

        Assert.False(File.Exists(StatusPaths.TeardownSocket(_dir)));
    }

    private static string Ask(string path, string request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { ReceiveTimeout = 5000 };
        socket.Connect(new UnixDomainSocketEndPoint(path));
        socket.Send(Encoding.ASCII.GetBytes(request + "\n"));
        var buffer = new byte[64];
        var length = 0;
        while (length < buffer.Length && Array.IndexOf(buffer, (byte)'\n', 0, length) < 0)
        {
            var read = socket.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return Encoding.ASCII.GetString(buffer, 0, length).Split('\n')[0];
    }
}
