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
/// ctr reads /etc/cni/net.d and /opt/cni/bin (fixed paths): the test adds its files there and removes them after.
/// </summary>
public sealed class ContainerdTests
{
    private const string ConfFile = "/etc/cni/net.d/00-h2-calico-test.conflist";
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

            // `ctr run -d` returns when the server's task starts, not when its nc listens: the client tries a few times.
            var client = await Ctr(node, socket, ["run", "--rm", "--cni", "--rootfs", rootfs, "h2cli", "/bin/busybox", "sh", "-c", $"ip -4 addr show eth0; ip route; for i in 1 2 3 4 5; do out=$(/bin/busybox nc -w 2 {ip} 8080 </dev/null); echo \"$out\"; case \"$out\" in *hello*) break;; esac; sleep 0.3; done"]);
            Assert.True(client.ExitCode == 0, client.StandardOutput + client.StandardError + Log(agentLog));
            Assert.Contains("hello", client.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("default via 169.254.1.1", client.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("/32", client.StandardOutput, StringComparison.Ordinal);
            Assert.Null(await node.Store.GetAsync(ResourceKinds.WorkloadEndpoint, "default", "h2node-cni-h2test--h2cli-eth0", Ct)); // DEL on exit (ctr names the attachment <namespace>-<id>)

            // Deny ingress to the server from everything: a container started afterwards gets no answer.
            await node.Store.CreateAsync(ResourceKinds.NetworkPolicy, Defaulted(new NetworkPolicy
            {
                Metadata = { Name = "deny-srv", Namespace = "default" },
                Spec = { Selector = "projectcalico.org/orchestrator == 'cni' && has(projectcalico.org/namespace)", Types = ["Ingress"] },
            }), Ct);
            Assert.False(await ReachesAsync(node, socket, rootfs, "h2cli2", ip, expected: false), "the server still answered under deny-srv" + Log(agentLog));

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
            Assert.True(await ReachesAsync(node, socket, rootfs, "h2cli3", ip, expected: true), "the server did not answer under allow-cni-clients" + Log(agentLog));
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

    /// <summary>The calico-node apphost built with this test run's configuration (./build.sh builds the solution).</summary>
    private static string CalicoNodeBinary()
    {
        var configuration = AppContext.BaseDirectory.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(RepoPaths.Root, "src", "Calico.Node", "bin", configuration, "net10.0", "calico-node");
        Assert.True(File.Exists(path), $"{path} was not built: dotnet build src/Calico.Node -c {configuration}");
        return path;
    }

    private static Process StartAgent(CniNode node, string binary, StringBuilder log)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Clear();
        foreach (var (k, v) in new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOME"] = node.Dir,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["NODENAME"] = CniNode.NodeName,
            ["DATASTORE_TYPE"] = "sqlite",
            ["SQLITE_PATH"] = node.SqlitePath,
            ["IP"] = "autodetect",
            ["IP_AUTODETECTION_METHOD"] = "interface=uplink0",
            ["CALICO_NETWORKING_BACKEND"] = "none",
            ["NO_DEFAULT_POOLS"] = "true",
            ["CALICO_VAR_LIB_DIR"] = Path.Combine(node.Dir, "lib"),
            ["FELIX_ENDPOINTSTATUSPATHPREFIX"] = node.RunDir,
            ["FELIX_HEALTHHOST"] = "127.0.0.1",
            ["FELIX_IPV6SUPPORT"] = "false",
            ["CALICO_IPAM_GC_INTERVAL"] = "0",
        })
        {
            start.Environment[k] = v;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        node.Node.Run(() => process.Start()); // the agent lives in the node's network namespace, as calico-node does on a host
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static string Log(StringBuilder log)
    {
        lock (log)
        {
            return "\n--- calico-node log\n" + log;
        }
    }

    // Ready = the agent's node status report says so (the file the plugin also reads), written after the first sync.
    private static async Task WaitForAgentAsync(CniNode node, Process agent, StringBuilder log)
    {
        var file = StatusPaths.NodeStatusFile(node.RunDir);
        for (var i = 0; i < 600; i++)
        {
            Assert.False(agent.HasExited, "calico-node exited" + Log(log));
            if (File.Exists(file) && JsonSerializer.Deserialize(await File.ReadAllTextAsync(file, Ct), StatusJsonContext.Default.NodeAgentStatus) is { Ready: true })
            {
                return;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail("calico-node not ready after 60 s" + Log(log));
    }

    private static async Task StopAgentAsync(Process agent)
    {
        if (!agent.HasExited)
        {
            await SystemProgram.RunAsync("kill", ["-TERM", agent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], new SystemProgramOptions { SuccessExitCodes = [0, 1] }, CancellationToken.None);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await agent.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                agent.Kill(entireProcessTree: true);
                await agent.WaitForExitAsync(CancellationToken.None);
            }
        }
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

    private static string BuildRootfs(string rootfs, string busybox)
    {
        foreach (var d in new[] { "bin", "proc", "sys", "dev", "tmp", "etc" })
        {
            Directory.CreateDirectory(Path.Combine(rootfs, d));
        }

        File.Copy(busybox, Path.Combine(rootfs, "bin", "busybox"));
        foreach (var applet in new[] { "sh", "ip", "nc", "echo", "sleep" })
        {
            File.CreateSymbolicLink(Path.Combine(rootfs, "bin", applet), "busybox");
        }

        return rootfs;
    }

    private static List<string> InstallCni(CniNode node)
    {
        Directory.CreateDirectory("/etc/cni/net.d");
        Directory.CreateDirectory("/opt/cni/bin");
        var installed = new List<string>();
        foreach (var plugin in new[] { "calico", "calico-ipam" })
        {
            var target = Path.Combine("/opt/cni/bin", plugin);
            if (File.Exists(target))
            {
                continue; // someone else's install (a real one): leave it and use it
            }

            File.CreateSymbolicLink(target, Path.Combine(node.Bin.Directory, plugin));
            installed.Add(target);
        }

        File.WriteAllText(ConfFile, CniDriver.List("h2-ctr", "1.0.0", node.Calico(ipam: new JsonObject { ["type"] = "calico-ipam" })).ToJsonString());
        installed.Add(ConfFile);
        return installed;
    }

    private static Process StartContainerd(CniNode node, string containerd, string work, string socket)
    {
        var start = new ProcessStartInfo(containerd)
        {
            ArgumentList = { "--config", Path.Combine(work, "config.toml"), "--root", Path.Combine(work, "root"), "--state", Path.Combine(work, "state"), "--address", socket },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = new Process { StartInfo = start };
        node.Node.Run(() => process.Start());
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForSocketAsync(string socket)
    {
        for (var i = 0; i < 100 && !File.Exists(socket); i++)
        {
            await Task.Delay(100, Ct);
        }

        Assert.True(File.Exists(socket), "containerd did not start");
    }

    private static async Task<SystemProgramResult> Ctr(CniNode node, string socket, string[] args, bool check = true) =>
        await SystemProgram.RunAsync(
            "ctr",
            ["--address", socket, "--namespace", "h2test", .. args],
            new SystemProgramOptions { Namespace = node.Node, SuccessExitCodes = check ? [0, 1] : Enumerable.Range(0, 256).ToArray(), Timeout = TimeSpan.FromSeconds(90), Environment = new Dictionary<string, string> { ["PATH"] = node.Bin.Directory + ":" + Environment.GetEnvironmentVariable("PATH") } },
            CancellationToken.None);
}
