using Calico.Datastore.Sqlite;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Calico.Sdk.Testing.Datastore;

namespace Calico.Datastore.Tests.Sqlite;

/// <summary>The conformance suite against <see cref="SqliteDatastore"/> (synchronous=FULL, as shipped).</summary>
public sealed class SqliteConformanceTests : DatastoreConformanceTests, IDisposable
{
    private readonly TempDatabase database = new();

    public void Dispose() => database.Dispose();

    protected override ValueTask<IDatastore> CreateDatastoreAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IDatastore>(new SqliteDatastore(new SqliteDatastoreOptions { Path = database.Path }));

    protected override ValueTask<IDatastore> OpenAnotherClientAsync(IDatastore store, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IDatastore>(new SqliteDatastore(new SqliteDatastoreOptions { Path = ((SqliteDatastore)store).Path }));

    protected override async ValueTask WriteRawValueAsync(IDatastore store, ResourceKind kind, string? @namespace, string name, byte[] value, CancellationToken cancellationToken) =>
        await ((SqliteDatastore)store).WriteRawValueAsync(kind, @namespace, name, value, cancellationToken);

    protected override async ValueTask CompactAsync(IDatastore store, CancellationToken cancellationToken) =>
        await ((SqliteDatastore)store).CompactAsync(cancellationToken);
}
