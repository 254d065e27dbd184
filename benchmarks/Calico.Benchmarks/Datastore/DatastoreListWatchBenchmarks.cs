using BenchmarkDotNet.Attributes;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Benchmarks.Datastore;

/// <summary>
/// Reading 1,000 stored workload endpoints per backend: one full list (all pages), and a watch from the beginning of
/// the retained history until all 1,000 "added" events arrived. Objects/s = 1,000 / mean.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class DatastoreListWatchBenchmarks
{
    private const int Objects = 1_000;
    private DatastoreBackends _backends = null!;
    private IDatastore _store = null!;

    [Params("memory", "sqlite", "etcd")]
    public string Backend { get; set; } = "memory";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _backends = new DatastoreBackends();
        _store = await _backends.OpenAsync(Backend);
        for (var i = 0; i < Objects; i++)
        {
            await _store.CreateAsync(ResourceKinds.WorkloadEndpoint, Endpoint(i));
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _backends.DisposeAsync();

    [Benchmark(Description = "list 1,000 endpoints")]
    public async Task<int> ListAll()
    {
        var count = 0;
        string? token = null;
        do
        {
            var page = await _store.ListAsync(ResourceKinds.WorkloadEndpoint, new ListOptions { Continue = token });
            count += page.Items.Count;
            token = page.Continue;
        }
        while (token is not null);

        return count == Objects ? count : throw new InvalidOperationException($"listed {count} of {Objects}");
    }

    [Benchmark(Description = "watch 1,000 endpoints from the beginning")]
    public async Task<int> WatchAll()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var count = 0;
        await foreach (var e in _store.WatchAsync(ResourceKinds.WorkloadEndpoint, DatastoreRevision.Beginning, cts.Token))
        {
            if (e.Type == WatchEventType.Added && ++count == Objects)
            {
                break;
            }
        }

        return count;
    }

    private static WorkloadEndpoint Endpoint(int i) => new()
    {
        Metadata = { Namespace = "ns" + (i % 10), Name = $"node1-k8s-pod{i}-eth0", Labels = new Dictionary<string, string> { ["app"] = "app" + (i % 50) } },
        Spec =
        {
            Node = "node1", Orchestrator = "k8s", Workload = "pod" + i, Endpoint = "eth0", Pod = "pod" + i,
            InterfaceName = "cali" + i.ToString("x11", System.Globalization.CultureInfo.InvariantCulture),
            IpNetworks = [$"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}/32"],
        },
    };
}
