using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Calico.Cni.Tests.Harness;
using Calico.Sdk.Linux;
using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;
using Calico.Sdk.Status;
using Calico.TestSupport;
using Xunit;

namespace Calico.Cni.Tests.Kernel;

/// <summary>
/// A real runtime: containerd 1.6 (started by the test with its own root, state and socket) runs busybox containers
/// with <c>ctr run --cni</c> inside the node namespace; ctr passes no K8S_POD_* arguments (orchestrator <c>cni</c>).
/// The node agent is the real calico-node (the build output of src/Calico.Node, same configuration as this test run) on
/// the node's SQLite datastore: it programs each container's route and policy and writes the endpoint status file the
/// plugin's ADD waits for. The containers get addresses, reach each other, a NetworkPolicy denies and then another
/// allows between them; DEL runs when they exit.
/// ctr reads /etc/cni/net.d and /opt/cni/bin (fixed paths) and the runc shim keeps state under /run/containerd (also
/// fixed): the test adds its files there and removes them after, and holds a machine-wide lock meanwhile, so two runs
/// of it (a clean-clone CI run and a run in a working tree on the same machine) never use each other's network
/// configuration, datastore or container ids.
/// </summary>
public sealed partial class ContainerdTests
{
    private const string ConfFile = "/etc/cni/net.d/00-h2-calico-test.conflist";
    private const string MachineLock = "/run/lock/calico-sdk-containerd-test.lock";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ctr_run_cni_containers_get_addresses_reach_each_other_and_policy_applies()
    {
        Requires.Root();
        var containerd = Requires.Program("containerd");
        Requires.Program("ctr");
        Requires.Program("runc");
        var busybox = Requires.Program("busybox");
        var agentBinary = CalicoNodeBinary();
        using var exclusive = await LockMachineAsync();
        await RemoveLeftoversAsync();
        await using var node = await CniNode.StartAsync(agent: false);
        var work = Path.Combine(node.Dir, "containerd");
        var rootfs = BuildRootfs(Path.Combine(node.Dir, "rootfs"), busybox);
        var socket = Path.Combine(work, "containerd.sock");
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "config.toml"), "version = 2\ndisabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n");
        var agentLog = new StringBuilder();
        using var agent = StartAgent(node, agentBinary, agentLog);
        Process? daemon = null;
        var installed = new List<string>();
        try
        {
            await WaitForAgentAsync(node, agent, agentLog);
            installed = InstallCni(node);
            daemon = StartContainerd(node, containerd, work, socket);
            await WaitForSocketAsync(socket);
            var server = await Ctr(node, socket, ["run", "-d", "--cni", "--rootfs", rootfs, "h2srv", "/bin/busybox", "nc", "-ll", "-p", "8080", "-e", "/bin/busybox", "echo", "hello"]);
            Assert.True(server.ExitCode == 0, server.StandardError + Log(agentLog));
            var wep = Assert.IsType<WorkloadEndpoint>(await node.Store.GetAsync(ResourceKinds.WorkloadEndpoint, "default", "h2node-cni-h2test--h2srv-eth0", Ct));
            Assert.Equal("cni", wep.Metadata.Labels!["projectcalico.org/orchestrator"]);
            var ip = IPAddress.Parse(wep.Spec.IpNetworks![0].Split('/')[0]);
            Assert.True(IPNetwork.Parse(CniNode.PoolCidr).Contains(ip));

            // The agent (not the plugin) installed the /32 to the container's host interface with its protocol (80),
            // and wrote the endpoint status file for the revision ADD waited on.
            using (var netlink = NetlinkRoute.Open(node.Node))
            {
                var link = netlink.GetLink(wep.Spec.InterfaceName!)!;
                var route = Assert.Single(netlink.GetRoutes(), r => r.Destination == new IPNetwork(ip, 32));
                Assert.Equal(((RouteProtocol)80, link.Index), (route.Protocol, route.OutputInterface));
            }

            var status = JsonSerializer.Deserialize(
                await File.ReadAllTextAsync(StatusPaths.EndpointStatusFile(node.RunDir, "default", wep.Metadata.Name!), Ct), StatusJsonContext.Default.EndpointStatus)!;
            Assert.Equal((wep.Metadata.ResourceVersion, "up"), (status.ResourceVersion, status.Status));

            // `ctr run -d` returns when the server's task starts, not when its nc listens: the node (whose traffic to a
            // workload needs no policy) waits for its answer, so a client failing below is about the client's path.
            if (await NodeReachesAsync(node, ip, TimeSpan.FromSeconds(15)) is { } notListening)
            {
                Assert.Fail("the server never answered the node: " + notListening + await DiagnoseAsync(node, socket, agentLog));
            }

            var client = await Ctr(node, socket, ["run", "--rm", "--cni", "--rootfs", rootfs, "h2cli", "/bin/busybox", "sh", "-c", $"ip -4 addr show eth0; ip route; for i in 1 2 3 4 5; do out=$(/bin/busybox nc -w 2 {ip} 8080 </dev/null 2>&1); echo \"$(date +%T) $out\"; case \"$out\" in *hello*) break;; esac; sleep 0.3; done; ip neigh"]);
            if (client.ExitCode != 0 || !client.StandardOutput.Contains("hello", StringComparison.Ordinal))
            {
                Assert.Fail("the first client got no answer: " + client.StandardOutput + client.StandardError + await DiagnoseAsync(node, socket, agentLog));
            }

            Assert.Contains("default via 169.254.1.1", client.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("/32", client.StandardOutput, StringComparison.Ordinal);
            Assert.Null(await node.Store.GetAsync(ResourceKinds.WorkloadEndpoint, "default", "h2node-cni-h2test--h2cli-eth0", Ct)); // DEL on exit (ctr names the attachment <namespace>-<id>)

            // The client's veth is gone (ctr runs DEL after the container's namespace died, taking the pair with it): only
            // the server's host interface is left on the node. calico-node listens on its teardown socket meanwhile.
            Assert.True(File.Exists(StatusPaths.TeardownSocket(node.RunDir)));
            using (var netlink = NetlinkRoute.Open(node.Node))
            {
                Assert.Equal([wep.Spec.InterfaceName!], netlink.GetLinks().Select(l => l.Name).Where(n => n.StartsWith("cali", StringComparison.Ordinal)));
            }

            // Deny ingress to the server from everything: a container started afterwards gets no answer.
            await node.Store.CreateAsync(ResourceKinds.NetworkPolicy, Defaulted(new NetworkPolicy
            {
                Metadata = { Name = "deny-srv", Namespace = "default" },
                Spec = { Selector = "projectcalico.org/orchestrator == 'cni' && has(projectcalico.org/namespace)", Types = ["Ingress"] },
            }), Ct);
            if (await ReachesAsync(node, socket, rootfs, "h2cli2", ip, expected: false))
            {
                Assert.Fail("the server still answered under deny-srv" + await DiagnoseAsync(node, socket, agentLog));
            }

            // Allow it again from containers of this runtime (a rule, in a second policy, selecting the clients).
            await node.Store.CreateAsync(ResourceKinds.NetworkPolicy, Defaulted(new NetworkPolicy
            {
                Metadata = { Name = "allow-cni-clients", Namespace = "default" },
                Spec =
                {
                    Selector = "projectcalico.org/orchestrator == 'cni'",
                    Types = ["Ingress"],
                    Ingress = [new Rule { Action = "Allow", Protocol = ProtocolValue.Parse("TCP"), Source = new EntityRule { Selector = "projectcalico.org/orchestrator == 'cni'" } }],
                },
            }), Ct);
            if (!await ReachesAsync(node, socket, rootfs, "h2cli3", ip, expected: true))
            {
                Assert.Fail("the server did not answer under allow-cni-clients" + await DiagnoseAsync(node, socket, agentLog));
            }
        }
        finally
        {
            if (daemon is not null)
            {
                await Ctr(node, socket, ["task", "kill", "-s", "KILL", "h2srv"], check: false);
                await Task.Delay(300, CancellationToken.None);
                await Ctr(node, socket, ["task", "delete", "h2srv"], check: false);
                await Ctr(node, socket, ["container", "delete", "h2srv"], check: false);
                daemon.Kill(entireProcessTree: true);
                daemon.WaitForExit();
                daemon.Dispose();
            }

            foreach (var path in installed)
            {
                File.Delete(path);
            }

            await StopAgentAsync(agent);
            await RemoveLeftoversAsync();
        }

        // The agent ran to the end without an error in its log and stopped cleanly on SIGTERM.
        Assert.Equal(0, agent.ExitCode);
        Assert.DoesNotContain("fail: ", Log(agentLog), StringComparison.Ordinal);
    }

    private static NetworkPolicy Defaulted(NetworkPolicy policy)
    {
        Calico.Sdk.Validation.ResourceDefaults.Apply(policy);
        return policy;
    }

    // Policy takes effect asynchronously: run fresh client containers until the outcome is the expected one (at most 5).
    private static async Task<bool> ReachesAsync(CniNode node, string socket, string rootfs, string name, IPAddress ip, bool expected)
    {
        var reached = !expected;
        for (var attempt = 0; attempt < 5 && reached != expected; attempt++)
        {
            var run = await Ctr(node, socket, ["run", "--rm", "--cni", "--rootfs", rootfs, name, "/bin/busybox", "nc", "-w", "2", ip.ToString(), "8080"]);
            reached = run.StandardOutput.Contains("hello", StringComparison.Ordinal);
        }

        return reached;
    }

    // Null once the server answered "hello" to a connection from the node namespace; otherwise what each try got.
    private static async Task<string?> NodeReachesAsync(CniNode node, IPAddress ip, TimeSpan within)
    {
        var tries = new StringBuilder();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var socket = node.Node.Run(() => new System.Net.Sockets.Socket(ip.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                await socket.ConnectAsync(new IPEndPoint(ip, 8080), timeout.Token);
                var buffer = new byte[64];
                var n = await socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, timeout.Token);
                var answer = Encoding.ASCII.GetString(buffer, 0, n);
                if (answer.Contains("hello", StringComparison.Ordinal))
                {
                    return null;
                }

                tries.Append($"\n{waited.Elapsed.TotalSeconds:0.00} s: answered '{answer.Trim()}'");
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException || (e is OperationCanceledException && !Ct.IsCancellationRequested))
            {
                tries.Append($"\n{waited.Elapsed.TotalSeconds:0.00} s: {e.Message}");
            }

            if (waited.Elapsed > within)
            {
                return tries.ToString();
            }

            await Task.Delay(100, Ct);
        }
    }

    // What a failed reachability check needs to be understood: the agent's log, the kernel's rules, routes, links and
    // neighbours of the node namespace, and whether the server's task still runs.
    private static async Task<string> DiagnoseAsync(CniNode node, string socket, StringBuilder agentLog)
    {
        var text = new StringBuilder();
        foreach (var (program, args) in new (string, string[])[]
        {
            ("nft", ["list", "ruleset"]), ("ip", ["-d", "route", "show", "table", "all"]), ("ip", ["-d", "link"]), ("ip", ["neigh"]), ("conntrack", ["-L"]),
        })
        {
            var run = await SystemProgram.RunAsync(program, args, new SystemProgramOptions { Namespace = node.Node, SuccessExitCodes = Enumerable.Range(0, 256).ToArray() }, CancellationToken.None);
            text.Append("\n--- ").Append(program).Append(' ').AppendJoin(' ', args).Append('\n').Append(run.StandardOutput).Append(run.StandardError);
        }

        var tasks = await Ctr(node, socket, ["task", "ls"], check: false);
        text.Append("\n--- ctr task ls\n").Append(tasks.StandardOutput).Append(tasks.StandardError);
        return text + Log(agentLog);
    }
}
