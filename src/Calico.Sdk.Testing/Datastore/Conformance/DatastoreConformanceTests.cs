using System.Globalization;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Xunit;

namespace Calico.Sdk.Testing.Datastore;

/// <summary>
/// The conformance suite every <see cref="IDatastore"/> backend must pass. Derive a test class, implement the
/// factory and the two test hooks, and every [Fact] here runs against the backend: CRUD and compare-and-swap
/// (including concurrent read-modify-write with no lost update), watch ordering, resume and compaction, 10,000
/// objects, bad data, multi-kind sync and bootstrap idempotency.
/// </summary>
public abstract partial class DatastoreConformanceTests
{
    /// <summary>How long any single wait in a test may take before the test fails instead of hanging.</summary>
    protected static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The step timeout, for helpers.</summary>
    internal static TimeSpan StepTimeoutValue => StepTimeout;

    /// <summary>The number of objects of the scale test.</summary>
    protected virtual int LargeObjectCount => 10_000;

    /// <summary>The number of concurrent writers of the compare-and-swap test.</summary>
    protected virtual int ConcurrentWriters => 8;

    /// <summary>The number of read-modify-write cycles per writer of the compare-and-swap test.</summary>
    protected virtual int CyclesPerWriter => 25;

    /// <summary>A token that ends with the test (xunit's test cancellation).</summary>
    protected static CancellationToken TestToken => TestContext.Current.CancellationToken;

    /// <summary>Creates an empty store, isolated from every other test's store.</summary>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The store; the test disposes it.</returns>
    protected abstract ValueTask<IDatastore> CreateDatastoreAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens another client of the same store (another connection or process view), used by the concurrency and
    /// bootstrap tests. The default returns <paramref name="store"/> itself (single-instance backends).
    /// </summary>
    /// <param name="store">A store made by <see cref="CreateDatastoreAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>A client the test disposes (unless it is <paramref name="store"/>).</returns>
    protected virtual ValueTask<IDatastore> OpenAnotherClientAsync(IDatastore store, CancellationToken cancellationToken) => ValueTask.FromResult(store);

    /// <summary>Stores raw bytes under a key, bypassing validation, as a broken or foreign writer would.</summary>
    /// <param name="store">The store.</param>
    /// <param name="kind">The kind of the key.</param>
    /// <param name="namespace">The namespace, or <see langword="null"/>.</param>
    /// <param name="name">The name.</param>
    /// <param name="value">The bytes.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the value is committed.</returns>
    protected abstract ValueTask WriteRawValueAsync(IDatastore store, ResourceKind kind, string? @namespace, string name, byte[] value, CancellationToken cancellationToken);

    /// <summary>Compacts all history up to the store's current revision.</summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">Cancels the compaction.</param>
    /// <returns>A task that completes when older revisions are gone.</returns>
    protected abstract ValueTask CompactAsync(IDatastore store, CancellationToken cancellationToken);

    /// <summary>A token that fails the step after <see cref="StepTimeout"/>.</summary>
    /// <returns>A source the caller disposes.</returns>
    protected static CancellationTokenSource StepTimeoutSource()
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(TestToken);
        cts.CancelAfter(StepTimeout);
        return cts;
    }

    /// <summary>A tier with an order.</summary>
    /// <param name="name">The name.</param>
    /// <param name="order">The order.</param>
    /// <returns>The tier.</returns>
    protected static Tier NewTier(string name, double order = 100) =>
        new() { Metadata = { Name = name }, Spec = { Order = order, DefaultAction = "Deny" } };

    /// <summary>A namespaced network set.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <param name="net">Its one CIDR.</param>
    /// <returns>The network set.</returns>
    protected static NetworkSet NewNetworkSet(string @namespace, string name, string net = "10.0.0.0/24") =>
        new() { Metadata = { Namespace = @namespace, Name = name }, Spec = { Nets = [net] } };

    /// <summary>The counter kept in an annotation by the compare-and-swap test.</summary>
    /// <param name="resource">The resource.</param>
    /// <returns>The counter.</returns>
    protected static int Counter(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.Metadata.Annotations is { } a && a.TryGetValue("counter", out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : 0;
    }
}
