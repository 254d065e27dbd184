using System.Diagnostics;
using System.Globalization;
using System.Net;
using Calico.Routing.Bgp;
using Calico.Sdk.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Calico.Bgp.Benchmarks;

/// <summary>
/// The speaker in a process of its own, so its memory is measured without the harness (the netlink monitor, the
/// 10,000-entry sets, BIRD's output): the benchmark starts this same executable with <c>speaker</c> inside the
/// sender's namespace (as calico-node runs in its node's namespace) and drives it over stdin: <c>advertise</c>,
/// <c>withdraw</c>, <c>quit</c>; each answered with <c>ok</c> once the router has taken the change.
/// </summary>
internal sealed class SpeakerProcess : IDisposable
{
    private readonly Process _process;

    private SpeakerProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public static async Task<SpeakerProcess> StartAsync(string ns)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "netns", "exec", ns, Environment.ProcessPath!, "speaker" })
        {
            start.ArgumentList.Add(arg);
        }

        var speaker = new SpeakerProcess(Process.Start(start)!);
        await speaker.ExpectAsync("established");
        return speaker;
    }

    public async Task SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        await ExpectAsync("ok");
    }

    /// <summary>VmRSS, VmHWM, RssAnon (heaps, stacks) and RssFile (mapped runtime and assemblies) of the speaker process, in bytes.</summary>
    public (long Rss, long Peak, long Anon, long File) Memory()
    {
        var status = System.IO.File.ReadAllLines($"/proc/{_process.Id}/status");
        long Field(string name) => long.Parse(status.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return (Field("VmRSS:"), Field("VmHWM:"), Field("RssAnon:"), Field("RssFile:"));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.WriteLine("quit");
            _process.StandardInput.Flush();
            if (!_process.WaitForExit(10_000))
            {
                _process.Kill();
            }
        }

        _process.Dispose();
    }

    /// <summary>The child side: runs the router for node1 (10.99.0.1) peering with node2, then serves commands.</summary>
    public static async Task<int> RunAsync()
    {
        var blocks = Blocks().Select(b => new RoutedBlock(b, "node1", Encapsulation.None)).ToList();
        await using var provider = new ServiceCollection().AddBgpRouting(o =>
        {
            o.NodeName = "node1";
            o.HoldTime = TimeSpan.FromSeconds(30);
            o.ConnectRetryTime = TimeSpan.FromSeconds(1);
            o.RestartTime = TimeSpan.Zero;
        }).BuildServiceProvider();
        var router = provider.GetRequiredService<BgpRouter>();
        RoutingNode Node(int i) => new("node" + i, IPAddress.Parse("10.99.0." + i), null);
        await router.StartAsync(Node(1));
        await router.ReconcileAsync(new RoutingState(Node(1), [Node(1), Node(2)], []));
        await Sh.UntilAsync(() => router.GetPeerStatus().Any(s => s.State == "Established"), "our session");
        Console.WriteLine("established");
        while (Console.ReadLine() is { } command)
        {
            switch (command)
            {
                case "advertise":
                    await router.ApplyAsync(new RoutingUpdate { UpsertedBlocks = blocks });
                    break;
                case "withdraw":
                    await router.ApplyAsync(new RoutingUpdate { RemovedBlocks = [.. blocks.Select(b => b.Cidr)] });
                    break;
                case "quit":
                    return 0;
                default:
                    await Console.Error.WriteLineAsync("unknown command " + command);
                    return 2;
            }

            Console.WriteLine("ok");
        }

        return 0;
    }

    /// <summary>The 10,000 /26 blocks advertised (10.128.0.0 onwards).</summary>
    public static List<IPNetwork> Blocks() =>
        [.. Enumerable.Range(0, 10_000).Select(i => new IPNetwork(new IPAddress(BitConverter.GetBytes(IPAddress.HostToNetworkOrder((int)(0x0A800000u + ((uint)i << 6))))), 26))];

    private async Task ExpectAsync(string word)
    {
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (line != word)
        {
            throw new InvalidOperationException($"speaker process said '{line}' (expected '{word}'; exited: {_process.HasExited})");
        }
    }
}
