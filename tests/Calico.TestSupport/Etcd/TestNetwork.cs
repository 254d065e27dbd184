using System.Globalization;
using System.Security.Cryptography;

namespace Calico.TestSupport.Etcd;

/// <summary>
/// A network namespace joined to the root namespace by a veth pair with a /30 from the 198.18.0.0/15 benchmarking
/// range. The namespace name carries the owning test process id so that a later run can reap what a crashed run
/// left behind (and never touches namespaces of a live run).
/// </summary>
public sealed class TestNetwork : IAsyncDisposable
{
    private const string NamePrefix = "calico-test-etcd-";

    private TestNetwork(string name, string hostIf, string nsIf, string hostIp, string nsIp)
    {
        Name = name;
        HostInterface = hostIf;
        NamespaceInterface = nsIf;
        HostAddress = hostIp;
        NamespaceAddress = nsIp;
    }

    /// <summary>The network namespace name.</summary>
    public string Name { get; }

    /// <summary>The root-namespace end of the veth pair.</summary>
    public string HostInterface { get; }

    /// <summary>The namespace end of the veth pair.</summary>
    public string NamespaceInterface { get; }

    /// <summary>The root-side address of the /30.</summary>
    public string HostAddress { get; }

    /// <summary>The namespace-side address of the /30.</summary>
    public string NamespaceAddress { get; }

    /// <summary>Reaps namespaces left by dead runs, then builds a fresh namespace and veth pair.</summary>
    public static async Task<TestNetwork> CreateAsync()
    {
        await ReapStaleAsync();
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var name = $"{NamePrefix}{Environment.ProcessId}-{suffix}";
        var hostIf = "cte" + suffix + "h";
        var nsIf = "cte" + suffix + "n";
        var (hostIp, nsIp) = await PickSubnetAsync();
        var net = new TestNetwork(name, hostIf, nsIf, hostIp, nsIp);
        try
        {
            await Shell.CheckAsync("ip", "netns", "add", name);
            await Shell.CheckAsync("ip", "-n", name, "link", "set", "lo", "up");
            await Shell.CheckAsync("ip", "link", "add", hostIf, "type", "veth", "peer", "name", nsIf, "netns", name);
            await Shell.CheckAsync("ip", "addr", "add", hostIp + "/30", "dev", hostIf);
            await Shell.CheckAsync("ip", "link", "set", hostIf, "up");
            await Shell.CheckAsync("ip", "-n", name, "addr", "add", nsIp + "/30", "dev", nsIf);
            await Shell.CheckAsync("ip", "-n", name, "link", "set", nsIf, "up");
            return net;
        }
        catch
        {
            await net.DisposeAsync();
            throw;
        }
    }

    /// <summary>Drops every packet on the namespace's veth in both directions: no RST, no ICMP, just silence.</summary>
    public async Task BlackholeAsync()
    {
        var rules = $$"""
            table inet calico_test_blackhole {
              chain in { type filter hook input priority -300; policy accept; iifname "{{NamespaceInterface}}" drop; }
              chain out { type filter hook output priority -300; policy accept; oifname "{{NamespaceInterface}}" drop; }
            }
            """;
        EnsureOk(await Shell.RunAsync("ip", ["netns", "exec", Name, "nft", "-f", "-"], stdin: rules), "nft black-hole");
    }

    /// <summary>Removes the black-hole installed by <see cref="BlackholeAsync"/>.</summary>
    public async Task RestoreAsync()
    {
        await Shell.CheckAsync("ip", "netns", "exec", Name, "nft", "delete", "table", "inet", "calico_test_blackhole");
    }

    /// <summary>Kills the processes left in the namespace and deletes it with its veth pair.</summary>
    public async ValueTask DisposeAsync()
    {
        await KillNamespaceProcessesAsync(Name);
        await Shell.RunAsync("ip", ["netns", "del", Name]);
        // Deleting the namespace destroys the peer and with it the root-side end; this catches a half-built pair.
        await Shell.RunAsync("ip", ["link", "del", HostInterface]);
    }

    private static void EnsureOk(Shell.Result r, string what)
    {
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed ({r.ExitCode}): {r.StdErr.Trim()}");
        }
    }

    private static async Task<(string Host, string Ns)> PickSubnetAsync()
    {
        var existing = await Shell.CheckAsync("ip", "-4", "-o", "addr", "show");
        for (var attempt = 0; attempt < 50; attempt++)
        {
            // 2^15 /30s in 198.18.0.0/15.
            var index = RandomNumberGenerator.GetInt32(1 << 15);
            var baseAddr = (198u << 24) | (18u << 16) | ((uint)index << 2);
            var host = Format(baseAddr + 1);
            var ns = Format(baseAddr + 2);
            if (!existing.Contains(" " + host + "/", StringComparison.Ordinal) && !existing.Contains(" " + ns + "/", StringComparison.Ordinal))
            {
                return (host, ns);
            }
        }

        throw new InvalidOperationException("no free /30 in 198.18.0.0/15");
    }

    private static string Format(uint a) => string.Create(CultureInfo.InvariantCulture, $"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}");

    private static async Task ReapStaleAsync()
    {
        var list = await Shell.RunAsync("ip", ["netns", "list"]);
        foreach (var line in list.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var ns = line.Split(' ')[0];
            if (!ns.StartsWith(NamePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var pidText = ns[NamePrefix.Length..].Split('-')[0];
            if (int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !Directory.Exists($"/proc/{pid}"))
            {
                await KillNamespaceProcessesAsync(ns);
                await Shell.RunAsync("ip", ["netns", "del", ns]);
            }
        }
    }

    private static async Task KillNamespaceProcessesAsync(string ns)
    {
        var pids = await Shell.RunAsync("ip", ["netns", "pids", ns]);
        foreach (var p in pids.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    using var proc = System.Diagnostics.Process.GetProcessById(pid);
                    proc.Kill();
                    await proc.WaitForExitAsync();
                }
                catch (ArgumentException)
                {
                    // Already gone.
                }
            }
        }
    }
}
