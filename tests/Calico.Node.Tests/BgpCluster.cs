using System.Diagnostics;
using System.Globalization;
using System.Text;
using Calico.Sdk.Linux;
using Xunit;

namespace Calico.Node.Tests;

/// <summary>
/// Node network namespaces on one underlay bridge (10.201.0.1; node i = 10.201.0.1i/24, default route via the
/// bridge, which does not forward) and one real <c>calico-node</c> process per node, started inside its namespace on
/// a shared SQLite file, as <c>eng/demo.sh</c> does. Everything (processes, namespaces, files) goes on dispose, also
/// after a failure; the agents' logs are kept for the failure message.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class BgpCluster : IDisposable
{
    private readonly List<string> _namespaces = [];
    private readonly List<NetworkNamespace> _opened = [];
    private readonly List<(Process Process, StringBuilder Log)> _agents = [];

    public BgpCluster()
    {
        Prefix = "cb" + Random.Shared.Next(10000, 99999).ToString(CultureInfo.InvariantCulture);
        Directory = System.IO.Directory.CreateTempSubdirectory("calico-bgp-mesh-").FullName;
        Database = Path.Combine(Directory, "calico.db");
    }

    public string Prefix { get; }

    public string Directory { get; }

    public string Database { get; }

    public string Node(int i) => Prefix + "-node" + i;

    public static string Address(int i) => "10.201.0.1" + i.ToString(CultureInfo.InvariantCulture);

    public string StatusPrefix(int i) => Path.Combine(Directory, "node" + i, "run");

    public void CreateUnderlay(int nodes)
    {
        var underlay = Add(Prefix + "-u");
        Ip("-n", underlay, "link", "add", "br0", "type", "bridge");
        Ip("-n", underlay, "addr", "add", "10.201.0.1/24", "dev", "br0");
        Ip("-n", underlay, "link", "set", "br0", "up");
        for (var i = 1; i <= nodes; i++)
        {
            var ns = Add(Node(i));
            Ip("-n", ns, "link", "set", "lo", "up");
            Ip("-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", "n" + i, "netns", underlay);
            Ip("-n", ns, "addr", "add", Address(i) + "/24", "dev", "eth0");
            Ip("-n", ns, "link", "set", "eth0", "up");
            Ip("-n", underlay, "link", "set", "n" + i, "master", "br0", "up");
            // Like any host, a default route (proxy ARP answers the pods' 169.254.1.1 only for routable targets). The
            // underlay does not forward, so pod traffic between nodes can only flow over the BGP routes.
            Ip("-n", ns, "route", "add", "default", "via", "10.201.0.1", "dev", "eth0");
        }
    }

    public Pod AddPod(string name)
    {
        var ns = NetworkNamespace.OpenByName(Add(Prefix + "-" + name));
        _opened.Add(ns);
        using var netlink = NetlinkRoute.Open(ns);
        netlink.SetLink("lo", new LinkSettings { Up = true });
        return new Pod(name, ns);
    }

    /// <summary>Starts calico-node in node <paramref name="i"/>'s namespace with the BGP backend and a no-encapsulation pool.</summary>
    public void StartAgent(int i, string poolCidr)
    {
        var binary = Path.Combine(AppContext.BaseDirectory, "calico-node");
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "netns", "exec", Node(i), binary })
        {
            start.ArgumentList.Add(arg);
        }

        var inherited = new[] { "PATH", "HOME", "DOTNET_ROOT" }.Select(k => (k, Environment.GetEnvironmentVariable(k))).Where(e => e.Item2 is not null).ToList();
        start.Environment.Clear();
        foreach (var (k, v) in inherited)
        {
            start.Environment[k] = v;
        }

        var lib = Path.Combine(Directory, "node" + i, "lib");
        System.IO.Directory.CreateDirectory(lib);
        System.IO.Directory.CreateDirectory(StatusPrefix(i));
        foreach (var (k, v) in new Dictionary<string, string>
        {
            ["NODENAME"] = "node-" + i,
            ["DATASTORE_TYPE"] = "sqlite",
            ["SQLITE_PATH"] = Database,
            ["IP"] = "autodetect",
            ["CALICO_NETWORKING_BACKEND"] = "bird",
            ["CALICO_IPV4POOL_CIDR"] = poolCidr,
            ["CALICO_IPV4POOL_BLOCK_SIZE"] = "26",
            ["CALICO_IPV4POOL_IPIP"] = "Never",
            ["CALICO_IPV4POOL_VXLAN"] = "Never",
            ["CALICO_VAR_LIB_DIR"] = lib,
            ["FELIX_ENDPOINTSTATUSPATHPREFIX"] = StatusPrefix(i),
            ["FELIX_HEALTHHOST"] = "127.0.0.1",
            ["FELIX_IPV6SUPPORT"] = "false",
            ["FELIX_REPORTINGINTERVAL"] = "1s",
            ["CALICO_IPAM_GC_INTERVAL"] = "0",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        })
        {
            start.Environment[k] = v;
        }

        var process = new Process { StartInfo = start };
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _agents.Add((process, log));
    }

    public bool AgentExited(int i) => _agents[i - 1].Process.HasExited;

    public string Logs(int lines = 15) => string.Join("\n", _agents.Select((a, i) =>
    {
        string[] all;
        lock (a.Log)
        {
            all = a.Log.ToString().Split('\n');
        }

        return $"--- node-{i + 1} (exited: {a.Process.HasExited})\n" + string.Join("\n", all.TakeLast(lines));
    }));

    public static string Ip(params string[] args)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"ip {string.Join(' ', args)}: {output}");
    }

    public void Dispose()
    {
        foreach (var (process, _) in _agents)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        _opened.ForEach(ns => ns.Dispose());
        foreach (var ns in Enumerable.Reverse(_namespaces))
        {
            try
            {
                NetworkNamespace.Delete(ns);
            }
            catch (LinuxSystemException)
            {
                // Already gone.
            }
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private string Add(string name)
    {
        Ip("netns", "add", name);
        _namespaces.Add(name);
        return name;
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

    /// <summary>A pod's network namespace.</summary>
    internal sealed record Pod(string Name, NetworkNamespace Namespace);
}
