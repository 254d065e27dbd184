using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Calico.Sdk.Testing.Datastore;

namespace Calico.Datastore.Tests.Memory;

/// <summary>The conformance suite against <see cref="InMemoryDatastore"/>.</summary>
public sealed class InMemoryConformanceTests : DatastoreConformanceTests
{
    protected override ValueTask<IDatastore> CreateDatastoreAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IDatastore>(new InMemoryDatastore());

    protected override ValueTask WriteRawValueAsync(IDatastore store, ResourceKind kind, string? @namespace, string name, byte[] value, CancellationToken cancellationToken)
    {
        Inner(store).WriteRawValue(kind, @namespace, name, value);
        return ValueTask.CompletedTask;
    }

    protected override ValueTask CompactAsync(IDatastore store, CancellationToken cancellationToken)
    {
        Inner(store).Compact();
        return ValueTask.CompletedTask;
    }

    private static InMemoryDatastore Inner(IDatastore store) => (InMemoryDatastore)store;
}
