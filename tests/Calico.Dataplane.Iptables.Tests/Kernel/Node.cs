using System.Net;
using System.Text.RegularExpressions;
using Calico.Conformance.NetpolKernel;
using Calico.Sdk.Linux;
using Calico.Sdk.Policy;
using Calico.TestSupport.Dataplane;
using Xunit;

namespace Calico.Dataplane.Iptables.Tests.Kernel;

/// <summary>
/// A fresh node namespace with pods a, b (programmed by the tests) and c (never given an endpoint program), each
/// serving TCP 80 and UDP 53/54, and an iptables dataplane on one backend. Everything is removed on dispose
/// (the namespace takes its tables and ipsets with it, so the two backends never share a table).
/// </summary>
internal sealed partial class Node : IAsyncDisposable
{
    public const string IfA = "calitesta000001";
    public const string IfB = "calitestb000001";
    public const string IfC = "calitestc000001";

    private Node(KernelNode kernel, IptablesDataplane dataplane, IptablesBackend backend)
    {
        Kernel = kernel;
        Dataplane = dataplane;
        Backend = backend;
        Prober = new KernelProber(kernel, TimeSpan.FromMilliseconds(600));
    }

    public KernelNode Kernel { get; }

    public IptablesDataplane Dataplane { get; private set; }

    public IptablesBackend Backend { get; }

    public KernelProber Prober { get; }

    public static Node Start(IptablesBackend backend, Func<IptablesDataplaneOptions, IptablesDataplaneOptions>? configure = null)
    {
        var kernel = new KernelNode(IPAddress.Parse("172.18.0.2"), IPAddress.Parse("203.0.113.10"));
        try
        {
            kernel.AddPod("a", IfA, IPAddress.Parse("10.65.0.2"));
            kernel.AddPod("b", IfB, IPAddress.Parse("10.65.0.3"));
            kernel.AddPod("c", IfC, IPAddress.Parse("10.65.0.4"));
            foreach (var pod in new[] { "a", "b", "c" })
            {
                kernel.Servers(pod).Serve([("TCP", 80), ("UDP", 53), ("UDP", 54)]);
            }

            var options = new IptablesDataplaneOptions { Namespace = kernel.Host, Backend = backend };
            return new Node(kernel, new IptablesDataplane(configure is null ? options : configure(options)), backend);
        }
        catch
        {
            kernel.Dispose();
            throw;
        }
    }

    /// <summary>Pods a and b open to everything, b's ingress restricted by <see cref="Snapshots.AllowFromAPolicy"/>.</summary>
    public static PolicySnapshot Baseline(long generation = 1) => Snapshots.Snapshot(
        generation,
        [new IpSet(Snapshots.SetA, IpSetKind.Net, Snapshots.Of(new IpSetMember(Snapshots.Host("10.65.0.2"))))],
        [Snapshots.AllowFromAPolicy(), Snapshots.AllowAll(Snapshots.OpenProfile)],
        [Snapshots.Workload("a", IfA, "10.65.0.2"), Snapshots.Workload("b", IfB, "10.65.0.3", Snapshots.AllowFromA)]);

    public async Task<bool> AllowedAsync(string from, string to, string protocol, int port)
    {
        var results = await Prober.ProbeAsync([new KernelProbe(from, to, port, protocol)], TestContext.Current.CancellationToken);
        return results[0].Allowed;
    }

    /// <summary>The filter table of one family as this node's backend lists it, counters and comments removed.</summary>
    public async Task<string> SaveAsync(int family = 4, IptablesBackend? backend = null)
    {
        var program = (family == 4 ? "iptables-" : "ip6tables-") + ((backend ?? Backend) == IptablesBackend.Legacy ? "legacy" : "nft") + "-save";
        return WithoutCounters(await RunAsync(program, ["-t", "filter"]));
    }

    /// <summary>Our ipsets with their members, sorted.</summary>
    public async Task<string> SetsAsync()
    {
        var save = await RunAsync("ipset", ["save"]);
        return string.Join('\n', save.Split('\n').Where(l => l.Contains(" cali", StringComparison.Ordinal)).Select(WithoutSeed).Order(StringComparer.Ordinal));
    }

    /// <summary>A set's hash seed (<c>initval</c>) is random per creation; a rewritten set with equal members is equal.</summary>
    public static string WithoutSeed(string line) => InitVal().Replace(line, string.Empty);

    /// <summary>An iptables-save listing without comments (timestamps) and counters.</summary>
    public static string WithoutCounters(string save) => string.Join('\n', save.Split('\n').Where(l => !l.StartsWith('#'))
        .Select(l => l.StartsWith(':') && l.Contains('[', StringComparison.Ordinal) ? l[..l.IndexOf('[', StringComparison.Ordinal)] : l));

    [GeneratedRegex(@" initval 0x[0-9a-f]+")]
    private static partial Regex InitVal();

    public async Task<string> RunAsync(string program, string[] args, string? input = null)
    {
        var result = await SystemProgram.RunAsync(program, args, new SystemProgramOptions { Namespace = Kernel.Host, StandardInput = input }, TestContext.Current.CancellationToken);
        return result.StandardOutput;
    }

    public Task RestoreAsync(string script, int family = 4, IptablesBackend? backend = null) =>
        RunAsync((family == 4 ? "iptables-" : "ip6tables-") + ((backend ?? Backend) == IptablesBackend.Legacy ? "legacy" : "nft") + "-restore", ["--noflush"], script);

    /// <summary>Stops this dataplane instance and starts a new one on the same node (a process restart).</summary>
    public async Task<IptablesDataplane> RestartAsync(IptablesDataplaneOptions options)
    {
        await Dataplane.DisposeAsync();
        Dataplane = new IptablesDataplane(options with { Namespace = Kernel.Host });
        return Dataplane;
    }

    public async ValueTask DisposeAsync()
    {
        await Dataplane.DisposeAsync();
        Kernel.Dispose();
    }
}
