using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Calico.Cni.Tests.Harness;
using Calico.Sdk.Linux;
using Calico.TestSupport;
using Xunit;

namespace Calico.Cni.Tests.Kernel;

/// <content>The processes and files of the containerd test: calico-node, containerd, ctr, the rootfs, the CNI files.</content>
public sealed partial class ContainerdTests
{
    /// <summary>The calico-node apphost built with this test run's configuration (./build.sh builds the solution).</summary>
    internal static string CalicoNodeBinary()
    {
        var configuration = AppContext.BaseDirectory.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(RepoPaths.Root, "src", "Calico.Node", "bin", configuration, "net10.0", "calico-node");
        Assert.True(File.Exists(path), $"{path} was not built: dotnet build src/Calico.Node -c {configuration}");
        return path;
    }

    private static Process StartAgent(CniNode node, string binary, StringBuilder log) =>
        CalicoNodeProcess.Start(node.Node, binary, CalicoNodeProcess.Environment(CniNode.NodeName, node.SqlitePath, node.Dir, node.RunDir, debugLog: true), log);

    private static string Log(StringBuilder log) => CalicoNodeProcess.Format(log);

    // Ready = the agent's node status report says so (the file the plugin also reads), written after the first sync.
    private static async Task WaitForAgentAsync(CniNode node, Process agent, StringBuilder log) =>
        Assert.True(await CalicoNodeProcess.WaitReadyAsync(agent, node.RunDir, Ct), "calico-node not ready within 60 s" + (agent.HasExited ? " (it exited)" : string.Empty) + Log(log));

    private static Task StopAgentAsync(Process agent) => CalicoNodeProcess.StopAsync(agent);

    // Under the machine lock no other run is active: runc state of this test's containers under the shim's fixed root
    // is a leftover of a run that was killed (e.g. by a hang timeout), which would fail `runc create` ("container with
    // given ID already exists"); so is libcni's cached result of the server, which no DEL ever removes.
    private static async Task RemoveLeftoversAsync()
    {
        var root = "/run/containerd/runc/h2test";
        foreach (var id in new[] { "h2srv", "h2cli", "h2cli2", "h2cli3" })
        {
            if (Directory.Exists(Path.Combine(root, id)))
            {
                await SystemProgram.RunAsync("runc", ["--root", root, "delete", "--force", id], new SystemProgramOptions { SuccessExitCodes = Enumerable.Range(0, 256).ToArray() }, CancellationToken.None);
            }

            File.Delete($"/var/lib/cni/results/h2-ctr-h2test-{id}-eth0");
        }
    }

    // One run at a time on this machine: the lock is an flock (FileShare.None), released when the process ends.
    private static async Task<FileStream> LockMachineAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(MachineLock)!);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(MachineLock, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e)
            {
                if (waited.Elapsed > TimeSpan.FromMinutes(5))
                {
                    throw new InvalidOperationException($"another run of the containerd test has held {MachineLock} for 5 minutes (a hung run? see `fuser {MachineLock}`)", e);
                }

                await Task.Delay(250, Ct);
            }
        }
    }

    private static string BuildRootfs(string rootfs, string busybox)
    {
        foreach (var d in new[] { "bin", "proc", "sys", "dev", "tmp", "etc" })
        {
            Directory.CreateDirectory(Path.Combine(rootfs, d));
        }

        File.Copy(busybox, Path.Combine(rootfs, "bin", "busybox"));
        foreach (var applet in new[] { "sh", "ip", "nc", "echo", "sleep", "date" })
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
            if (new FileInfo(target).LinkTarget is { } link && link.Contains("/h2-cni-bin-", StringComparison.Ordinal))
            {
                File.Delete(target); // a killed run's link (under the machine lock no run is using it)
            }

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
