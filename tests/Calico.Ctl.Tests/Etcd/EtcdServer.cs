using System.Diagnostics;
using Calico.TestSupport;
using Calico.TestSupport.Etcd;
using Xunit;

namespace Calico.Ctl.Tests.Etcd;

/// <summary>
/// A real single-member etcd in its own network namespace (the pattern of tests/Calico.Datastore.Tests), shared by
/// the etcd tests of this project; data on tmpfs; everything removed on dispose.
/// </summary>
public sealed class EtcdServer : IAsyncLifetime
{
    private TestNetwork? _network;
    private Process? _process;
    private string? _dataDir;

    public string Endpoint => $"http://{_network!.NamespaceAddress}:2379";

    public void Require()
    {
        Requires.Root();
        Requires.Program("etcd");
        Requires.Program("etcdctl");
        if (_process is null)
        {
            throw new InvalidOperationException("etcd did not start");
        }
    }

    public async ValueTask InitializeAsync()
    {
        var etcd = Requires.FindOnPath("etcd");
        if (!Requires.IsRoot || etcd is null || Requires.FindOnPath("etcdctl") is null)
        {
            return;
        }

        _network = await TestNetwork.CreateAsync();
        _dataDir = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), _network.Name);
        var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
        {
            "netns", "exec", _network.Name, etcd, "--name", "calicoctl-test", "--data-dir", _dataDir,
            "--listen-client-urls", Endpoint, "--advertise-client-urls", Endpoint,
            "--listen-peer-urls", "http://127.0.0.1:2380", "--initial-advertise-peer-urls", "http://127.0.0.1:2380",
            "--initial-cluster", "calicoctl-test=http://127.0.0.1:2380", "--log-level", "warn", "--logger", "zap",
            "--heartbeat-interval", "10", "--election-timeout", "100",
        })
        {
            psi.ArgumentList.Add(a);
        }

        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var r = await Shell.RunAsync("etcdctl", ["--endpoints=" + Endpoint, "--command-timeout=1s", "get", "/health"]);
            if (r.ExitCode == 0)
            {
                return;
            }

            if (sw.Elapsed > TimeSpan.FromSeconds(20) || _process.HasExited)
            {
                await DisposeAsync();
                throw new InvalidOperationException("etcd did not start: " + r.StdErr);
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Deletes every key, so that each transcript starts from an empty datastore.</summary>
    public async Task WipeAsync()
    {
        var r = await Shell.RunAsync("etcdctl", ["--endpoints=" + Endpoint, "del", "", "--from-key=true"]);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException("etcdctl del failed: " + r.StdErr);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } p)
        {
            if (!p.HasExited)
            {
                p.Kill();
            }

            await p.WaitForExitAsync();
            p.Dispose();
            _process = null;
        }

        if (_network is not null)
        {
            await _network.DisposeAsync();
            _network = null;
        }

        if (_dataDir is not null && Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
