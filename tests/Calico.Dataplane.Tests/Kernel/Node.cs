using System.Net;
using Calico.Conformance.NetpolKernel;
using Calico.Dataplane.Nftables;
using Calico.Sdk.Linux;
using Calico.Sdk.Policy;
using Calico.TestSupport.Dataplane;
using Xunit;

namespace Calico.Dataplane.Tests.Kernel;

/// <summary>
/// A fresh node namespace with pods a, b (programmed by the tests) and c (never given an endpoint program), each
/// serving TCP 80 and UDP 53/54, and an nftables dataplane on the node. Everything is removed on dispose.
/// </summary>
internal sealed class Node : IAsyncDisposable
{
    public const string IfA = "calitesta000001";
    public const string IfB = "calitestb000001";
    public const string IfC = "calitestc000001";

    private Node(KernelNode kernel, NftablesDataplane dataplane)
    {
        Kernel = kernel;
        Dataplane = dataplane;
        Prober = new KernelProber(kernel, TimeSpan.FromMilliseconds(600));
    }

    public KernelNode Kernel { get; }

    public NftablesDataplane Dataplane { get; private set; }

    public KernelProber Prober { get; }

    public static Node Start(Func<NftablesDataplaneOptions, NftablesDataplaneOptions>? configure = null)
    {
        var kernel = new KernelNode(IPAddress.Parse("172.18.0.2"), IPAddress.Parse("203.0.113.10"));
        try
        {
            kernel.AddPod("a", IfA, IPAddress.Parse("10.65.0.2"));
            kernel.AddPod("b", IfB, IPAddress.Parse("10.65.0.3"));
            kernel.AddPod("c", IfC, IPAddress.Parse("10.65.0.4"));
            foreach (var pod in new[] { "a", "b", "c" })
            {
                kernel.Servers(pod).Serve([("TCP", 80), ("UDP", 53), ("UDP", 54), ("SCTP", 80)]);
            }

            var options = new NftablesDataplaneOptions { Namespace = kernel.Host };
            return new Node(kernel, new NftablesDataplane(configure is null ? options : configure(options)));
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

    public async Task<string> ListAsync(string what)
    {
        var args = what.Split(' ');
        var result = await SystemProgram.RunAsync("nft", ["-s", "list", .. args], new SystemProgramOptions { Namespace = Kernel.Host, SuccessExitCodes = [0, 1] }, TestContext.Current.CancellationToken);
        return result.ExitCode == 0 ? result.StandardOutput : "<absent>";
    }

    public Task NftAsync(string script) =>
        SystemProgram.RunAsync("nft", ["-f", "-"], new SystemProgramOptions { Namespace = Kernel.Host, StandardInput = script }, TestContext.Current.CancellationToken);

    /// <summary>Stops this dataplane instance and starts a new one on the same node (a process restart).</summary>
    public async Task<NftablesDataplane> RestartAsync(NftablesDataplaneOptions options)
    {
        await Dataplane.DisposeAsync();
        Dataplane = new NftablesDataplane(options with { Namespace = Kernel.Host });
        return Dataplane;
    }

    public async ValueTask DisposeAsync()
    {
        await Dataplane.DisposeAsync();
        Kernel.Dispose();
    }
}
