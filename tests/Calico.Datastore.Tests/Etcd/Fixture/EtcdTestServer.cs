using System.Collections.Concurrent;
using System.Diagnostics;
using Calico.Datastore.Etcd;
using Calico.Datastore.Etcd.Client;
using Calico.Datastore.Etcd.Rpc;
using Calico.TestSupport;
using Calico.TestSupport.Etcd;

namespace Calico.Datastore.Tests.Etcd.Fixture;

/// <summary>
/// A real single-member etcd 3.4 running inside its own network namespace (<see cref="TestNetwork"/>) with a
/// temporary data dir on tmpfs. Tests reach it from the root namespace over the veth pair, and can kill, restart
/// and black-hole it. Everything (process, namespace, veth, data dir) is removed on dispose, and a crashed run's
/// leftovers are reaped by the next run.
/// </summary>
internal sealed class EtcdTestServer : IAsyncDisposable
{
    private const int ClientPort = 2379;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly string _etcd;
    private Process? _process;

    private EtcdTestServer(TestNetwork network, string dataRoot, EtcdTlsFiles? tls, string etcd)
    {
        Network = network;
        DataRoot = dataRoot;
        Tls = tls;
        _etcd = etcd;
    }

    public TestNetwork Network { get; }

    public string DataRoot { get; }

    public EtcdTlsFiles? Tls { get; }

    /// <summary>The client URL as seen from the test process (root namespace).</summary>
    public string ClientUrl => $"{(Tls is null ? "http" : "https")}://{Network.NamespaceAddress}:{ClientPort}";

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<EtcdTestServer> StartAsync(bool tls = false)
    {
        Requires.Root();
        var etcd = Requires.Program("etcd");
        Requires.Program("etcdctl");
        var network = await TestNetwork.CreateAsync();
        var dataRoot = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), network.Name);
        EtcdTestServer? server = null;
        try
        {
            Directory.CreateDirectory(dataRoot);
            var files = tls ? await EtcdTlsFiles.CreateAsync(Path.Combine(dataRoot, "pki"), network.NamespaceAddress) : null;
            server = new EtcdTestServer(network, dataRoot, files, etcd);
            await server.StartProcessAsync();
            return server;
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
            else
            {
                await network.DisposeAsync();
                Directory.Delete(dataRoot, recursive: true);
            }

            throw;
        }
    }

    /// <summary>SIGKILLs etcd (no graceful shutdown: in-flight requests lose their replies).</summary>
    public async Task KillAsync()
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
    }

    /// <summary>Starts etcd again on the same data dir and waits until it serves requests.</summary>
    public Task RestartAsync() => StartProcessAsync();

    /// <summary>Kills etcd, wipes its data and starts an empty one (fresh revision history) on the same address.</summary>
    public async Task ResetAsync()
    {
        await KillAsync();
        var data = Path.Combine(DataRoot, "data");
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        await StartProcessAsync();
    }

    /// <summary>Options for a client of this server (TLS files included).</summary>
    public EtcdDatastoreOptions ClientOptions()
    {
        var o = new EtcdDatastoreOptions();
        o.Endpoints.Add(new Uri(ClientUrl));
        if (Tls is { } t)
        {
            o.CaCertFile = t.CaCert;
            o.CertFile = t.ClientCert;
            o.KeyFile = t.ClientKey;
        }

        return o;
    }

    public Task BlackholeAsync() => Network.BlackholeAsync();

    public Task RestoreNetworkAsync() => Network.RestoreAsync();

    /// <summary>Runs etcdctl (v3 API) against this server from the root namespace.</summary>
    public async Task<Shell.Result> EtcdctlAsync(params string[] args)
    {
        var all = new List<string> { "--endpoints=" + ClientUrl, "--command-timeout=5s" };
        if (Tls is { } t)
        {
            all.AddRange(["--cacert=" + t.CaCert, "--cert=" + t.ClientCert, "--key=" + t.ClientKey]);
        }

        all.AddRange(args);
        return await Shell.RunAsync("etcdctl", all);
    }

    public string RecentLog() => string.Join('\n', _log.TakeLast(40));

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        await Network.DisposeAsync();
        try
        {
            Directory.Delete(DataRoot, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private async Task StartProcessAsync()
    {
        var scheme = Tls is null ? "http" : "https";
        var psi = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            "netns", "exec", Network.Name, _etcd,
            "--name", "calico-test",
            "--data-dir", Path.Combine(DataRoot, "data"),
            "--listen-client-urls", $"{scheme}://{Network.NamespaceAddress}:{ClientPort}",
            "--advertise-client-urls", $"{scheme}://{Network.NamespaceAddress}:{ClientPort}",
            "--listen-peer-urls", "http://127.0.0.1:2380",
            "--initial-advertise-peer-urls", "http://127.0.0.1:2380",
            "--initial-cluster", "calico-test=http://127.0.0.1:2380",
            "--logger", "zap",
            "--log-level", "warn",
            // A single member elects itself after one election timeout: keep restarts fast.
            "--heartbeat-interval", "10",
            "--election-timeout", "100",
        ];
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (Tls is { } t)
        {
            foreach (var a in new[] { "--cert-file", t.ServerCert, "--key-file", t.ServerKey, "--trusted-ca-file", t.CaCert, "--client-cert-auth" })
            {
                psi.ArgumentList.Add(a);
            }
        }

        // ip netns exec execs etcd in place, so this process id is etcd's own.
        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start etcd");
        p.OutputDataReceived += (_, e) => Log(e.Data);
        p.ErrorDataReceived += (_, e) => Log(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _process = p;
        await WaitHealthyAsync();
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > 200 && _log.TryDequeue(out _))
        {
        }
    }

    private async Task WaitHealthyAsync()
    {
        // A linearizable range succeeds only once the member has elected itself leader and serves clients.
        var options = ClientOptions();
        options.ConnectTimeout = TimeSpan.FromSeconds(1);
        options.RequestTimeout = TimeSpan.FromSeconds(1);
        using var probe = new EtcdConnection(EtcdSettings.Load(options), TimeProvider.System);
        var sw = Stopwatch.StartNew();
        Exception? last = null;
        while (sw.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_process is not { HasExited: false })
            {
                throw new InvalidOperationException("etcd exited during start-up:\n" + RecentLog());
            }

            try
            {
                await probe.RangeAsync(new RangeRequest { Key = Google.Protobuf.ByteString.CopyFromUtf8("/health") }, CancellationToken.None);
                return;
            }
            catch (Grpc.Core.RpcException ex)
            {
                last = ex;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"etcd not serving after 20 s: {last?.Message}\n{RecentLog()}");
    }
}
