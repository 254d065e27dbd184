using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Calico.Cni.Tests.Harness;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Workloads;
using Calico.Sdk.Status;
using Calico.TestSupport;
using Xunit;

namespace Calico.Cni.Tests.Kernel;

/// <summary>DEL with the real calico-node listening on its teardown socket, and with an agent whose delete fails.</summary>
public sealed class TeardownTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Del_hands_the_pair_to_calico_node_and_answers_once_it_has_left_both_namespaces()
    {
        Requires.Root();
        await using var node = await CniNode.StartAsync(agent: false);
        var log = new StringBuilder();
        using var agent = CalicoNodeProcess.Start(
            node.Node, ContainerdTests.CalicoNodeBinary(), CalicoNodeProcess.Environment(CniNode.NodeName, node.SqlitePath, node.Dir, node.RunDir, debugLog: true), log);
        try
        {
            Assert.True(await CalicoNodeProcess.WaitReadyAsync(agent, node.RunDir, Ct), "calico-node not ready" + CalicoNodeProcess.Format(log));

            var net = node.Network();
            var pod = node.NewPod("td");
            var a = new Attachment("ctr-td", pod, Args: "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=td-1");
            var add = await node.Driver.AddAsync(net, a);
            Assert.True(add.Succeeded, add + CalicoNodeProcess.Format(log));
            var hostIf = WorkloadPlumbing.HostInterfaceName("default.td-1");

            var del = await node.Driver.DelAsync(net, a);
            Assert.True(del.Succeeded, del + CalicoNodeProcess.Format(log));

            // When DEL answers, the pair has left both namespaces.
            AssertPairGone(node, pod, hostIf);

            // calico-node deleted it: it logs that once the kernel's clean-up has returned on its thread.
            var expected = "deleted workload interface " + hostIf;
            for (var i = 0; i < 50 && !CalicoNodeProcess.Format(log).Contains(expected, StringComparison.Ordinal); i++)
            {
                await Task.Delay(100, Ct);
            }

            Assert.Contains(expected, CalicoNodeProcess.Format(log), StringComparison.Ordinal);
        }
        finally
        {
            await CalicoNodeProcess.StopAsync(agent);
        }
    }

    [Fact]
    public async Task Del_deletes_the_pair_itself_at_once_when_the_agents_delete_fails()
    {
        Requires.Root();
        await using var node = await CniNode.StartAsync();
        var net = node.Network();
        var pod = node.NewPod("tf");
        var a = new Attachment("ctr-tf", pod, Args: "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=tf-1");
        var add = await node.Driver.AddAsync(net, a);
        Assert.True(add.Succeeded, add.ToString());
        var hostIf = WorkloadPlumbing.HostInterfaceName("default.tf-1");

        // An agent that takes the request, then reports that the kernel refused the delete (EBUSY), and stays connected.
        var path = StatusPaths.TeardownSocket(node.RunDir);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var serving = Task.Run(async () =>
        {
            using var client = await listener.AcceptAsync(Ct);
            var request = new byte[64];
            var length = await client.ReceiveAsync(request, SocketFlags.None, Ct);
            await client.SendAsync("ok\nerror 16\n"u8.ToArray(), SocketFlags.None, Ct);
            try
            {
                // Held open until the plugin exits (a reset: it closed with the error line unread).
                Assert.Equal(0, await client.ReceiveAsync(new byte[16], SocketFlags.None, Ct));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
            }

            return Encoding.ASCII.GetString(request, 0, length);
        }, Ct);

        var timer = Stopwatch.StartNew();
        var del = await node.Driver.DelAsync(net, a);
        timer.Stop();
        Assert.True(del.Succeeded, del.ToString());
        Assert.InRange(timer.ElapsedMilliseconds, 0, 3000); // not the 5 s wait for an announcement that never comes

        AssertPairGone(node, pod, hostIf);

        listener.Dispose();
        Assert.StartsWith("DEL " + hostIf + " ", await serving);
        File.Delete(path);
    }

    private static void AssertPairGone(CniNode node, string pod, string hostIf)
    {
        using (var hostLinks = NetlinkRoute.Open(node.Node))
        {
            Assert.Null(hostLinks.GetLink(hostIf));
        }

        using var podNs = NetworkNamespace.Open(pod);
        using var podLinks = NetlinkRoute.Open(podNs);
        Assert.Null(podLinks.GetLink("eth0"));
    }
}
