using BenchmarkDotNet.Attributes;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Benchmarks.Datastore;

/// <summary>
/// Writes per backend: one create at a time (latency; writes/s = 1 / mean) and 16 concurrent creates (throughput;
/// the mean is per write because of <c>OperationsPerInvoke</c>). etcd's raw put rate for comparison is measured by
/// <c>benchmarks/etcd/run.sh</c> in the same run as the SDK's.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class DatastoreWriteBenchmarks
{
    private const int Concurrent = 16;
    private DatastoreBackends _backends = null!;
    private IDatastore _store = null!;
    private long _next;

    [Params("memory", "sqlite", "etcd")]
    public string Backend { get; set; } = "memory";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _backends = new DatastoreBackends();
        _store = await _backends.OpenAsync(Backend);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _backends.DisposeAsync();

    [Benchmark(Description = "create (one at a time)")]
    public Task<Resource> CreateOne() => _store.CreateAsync(ResourceKinds.Tier, NewTier());

    [Benchmark(Description = "create (16 concurrent)", OperationsPerInvoke = Concurrent)]
    public Task CreateConcurrent() => Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => _store.CreateAsync(ResourceKinds.Tier, NewTier())));

    private Tier NewTier() => new()
    {
        Metadata = { Name = "t" + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture) },
        Spec = { Order = 100, DefaultAction = "Deny" },
    };
}
