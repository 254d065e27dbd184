using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Calico.Datastore.Etcd;
using Calico.Datastore.Sqlite;
using Calico.Sdk.Datastore;
using Calico.Sdk.Testing.Datastore;

namespace Calico.Benchmarks.Datastore;

/// <summary>
/// Opens a fresh store of each backend for a benchmark: in-memory, SQLite (a file under /tmp, synchronous=FULL as in
/// production), and etcd (a throw-away etcd on a free loopback port with its data on tmpfs; needs <c>etcd</c> on
/// PATH). Dispose removes every file and stops etcd.
/// </summary>
internal sealed class DatastoreBackends : IAsyncDisposable
{
    private readonly List<IDatastore> _stores = [];
    private readonly string _dir = Directory.CreateTempSubdirectory("calico-ds-bench-").FullName;
    private Process? _etcd;
    private string? _etcdData;
    private Uri? _etcdEndpoint;

    public async Task<IDatastore> OpenAsync(string backend)
    {
        IDatastore store = backend switch
        {
            "memory" => new InMemoryDatastore(),
            "sqlite" => new SqliteDatastore(new SqliteDatastoreOptions { Path = Path.Combine(_dir, "calico.db") }),
            "etcd" => new EtcdDatastore(await EtcdOptionsAsync()),
            _ => throw new ArgumentException($"unknown backend '{backend}' (memory, sqlite, etcd)", nameof(backend)),
        };
        _stores.Add(store);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        if (_etcd is { } etcd)
        {
            etcd.Kill(entireProcessTree: true);
            await etcd.WaitForExitAsync();
            etcd.Dispose();
            Directory.Delete(_etcdData!, recursive: true);
        }

        Directory.Delete(_dir, recursive: true);
    }

    private async Task<EtcdDatastoreOptions> EtcdOptionsAsync()
    {
        if (_etcdEndpoint is null)
        {
            var client = FreePort();
            var peer = FreePort();
            _etcdData = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), "calico-ds-bench-etcd-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_etcdData);
            var info = new ProcessStartInfo("etcd")
            {
                ArgumentList =
                {
                    "--name", "bench", "--data-dir", Path.Combine(_etcdData, "data"),
                    "--listen-client-urls", $"http://127.0.0.1:{client}", "--advertise-client-urls", $"http://127.0.0.1:{client}",
                    "--listen-peer-urls", $"http://127.0.0.1:{peer}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peer}",
                    "--initial-cluster", $"bench=http://127.0.0.1:{peer}", "--logger", "zap", "--log-level", "error",
                },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            _etcd = Process.Start(info) ?? throw new InvalidOperationException("could not start etcd (is etcd-server installed?)");
            _etcd.ErrorDataReceived += (_, _) => { };
            _etcd.OutputDataReceived += (_, _) => { };
            _etcd.BeginErrorReadLine();
            _etcd.BeginOutputReadLine();
            _etcdEndpoint = new Uri($"http://127.0.0.1:{client}");
            await WaitForPortAsync(client);
        }

        var options = new EtcdDatastoreOptions();
        options.Endpoints.Add(_etcdEndpoint);
        return options;
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                await Task.Delay(200); // the port opens just before etcd serves; give it a moment
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"etcd did not listen on 127.0.0.1:{port} within 10 s");
    }
}
