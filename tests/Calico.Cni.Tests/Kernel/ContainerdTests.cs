using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Calico.Cni.Tests.Harness;
using Calico.Sdk.Linux;
using Calico.Sdk.Resources;
using Calico.TestSupport;
using Xunit;

namespace Calico.Cni.Tests.Kernel;

/// <summary>
/// A real runtime: containerd 1.6 (started by the test with its own root, state and socket) runs busybox containers
/// with <c>ctr run --cni</c> inside the node namespace; ctr passes no K8S_POD_* arguments (orchestrator <c>cni</c>).
/// The containers get addresses, reach each other, and policy applies to them; DEL runs when they exit.
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
        await using var node = await CniNode.StartAsync();
        var work = Path.Combine(node.Dir, "containerd");
        var rootfs = BuildRootfs(Path.Combine(node.Dir, "rootfs"), busybox);
        var socket = Path.Combine(work, "containerd.sock");
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "config.toml"), "version = 2\ndisabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n");
        var installed = InstallCni(node);
        using var daemon = StartContainerd(node, containerd, work, socket);
        try
        {
            await WaitForSocketAsync(socket);
            var server = await Ctr(node, socket, ["run", "-d", "--cni", "--rootfs", rootfs, "h2srv", "/bin/busybox", "nc", "-ll", "-p", "8080", "-e", "/bin/busybox", "echo", "hello"]);
            Assert.True(server.ExitCode == 0, server.StandardError);
            var wep = Assert.IsType<WorkloadEndpoint>(await node.Store.GetAsync(ResourceKinds.WorkloadEndpoint, "default", "h2node-cni-h2test--h2srv-eth0", Ct));
            Assert.Equal("cni", wep.Metadata.Labels!["projectcalico.org/orchestrator"]);
            var ip = IPAddress.Parse(wep.Spec.IpNetworks![0].Split('/')[0]);
            Assert.True(IPNetwork.Parse(CniNode.PoolCidr).Contains(ip));

            var client = await Ctr(node, socket, ["run", "--rm", "--cni", "--rootfs", rootfs, "h2cli", "/bin/busybox", "sh", "-c", $"ip -4 addr show eth0; ip route; /bin/busybox nc -w 2 {ip} 8080"]);
            Assert.True(client.ExitCode == 0, client.StandardOutput + client.StandardError);
            Assert.Contains("hello", client.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("default via 169.254.1.1", client.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("/32", client.StandardOutput, StringComparison.Ordinal);
            Assert.Null(await node.Store.GetAsync(ResourceKinds.WorkloadEndpoint, "default", "h2node-cni-h2test--h2cli-eth0", Ct)); // DEL on exit (ctr names the attachment <namespace>-<id>)

            // Deny ingress to the server from everything: a container started afterwards gets no answer.
            await node.Store.CreateAsync(ResourceKinds.NetworkPolicy, new NetworkPolicy
            {
                Metadata = { Name = "deny-srv", Namespace = "default" },
                Spec = { Selector = "projectcalico.org/orchestrator == 'cni' && has(projectcalico.org/namespace)", Types = ["Ingress"] },
            }, Ct);
            await Task.Delay(500, Ct);
            var denied = await Ctr(node, socket, ["run", "--rm", "--cni", "--rootfs", rootfs, "h2cli2", "/bin/busybox", "nc", "-w", "2", ip.ToString(), "8080"]);
            Assert.DoesNotContain("hello", denied.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            await Ctr(node, socket, ["task", "kill", "-s", "KILL", "h2srv"], check: false);
            await Task.Delay(300, CancellationToken.None);
            await Ctr(node, socket, ["task", "delete", "h2srv"], check: false);
            await Ctr(node, socket, ["container", "delete", "h2srv"], check: false);
            daemon.Kill(entireProcessTree: true);
            daemon.WaitForExit();
            foreach (var path in installed)
            {
                File.Delete(path);
            }
        }

        Assert.Empty(node.Agent!.Errors);
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
