using Calico.Datastore.Etcd;
using Calico.Datastore.Tests.Etcd.Fixture;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Calico.Sdk.Testing.Datastore;
using Xunit;

namespace Calico.Datastore.Tests.Etcd;

/// <summary>The shared datastore conformance suite against a real etcd 3.4 (fresh data dir per test).</summary>
public sealed class EtcdDatastoreConformanceTests(EtcdFixture fixture) : DatastoreConformanceTests, IClassFixture<EtcdFixture>
{
    private EtcdDatastoreOptions? _options;

    protected override async ValueTask<IDatastore> CreateDatastoreAsync(CancellationToken cancellationToken)
    {
        var server = fixture.RequireServer();
        await server.ResetAsync();
        _options = server.ClientOptions();
        return new EtcdDatastore(_options);
    }

    protected override ValueTask<IDatastore> OpenAnotherClientAsync(IDatastore store, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IDatastore>(new EtcdDatastore(_options!));

    protected override async ValueTask WriteRawValueAsync(IDatastore store, ResourceKind kind, string? @namespace, string name, byte[] value, CancellationToken cancellationToken) =>
        await EtcdRaw.PutAsync(_options!, EtcdRaw.KeyOf(kind, @namespace, name), value, cancellationToken);

    protected override async ValueTask CompactAsync(IDatastore store, CancellationToken cancellationToken) =>
        await EtcdRaw.CompactAllAsync(_options!, cancellationToken);
}
