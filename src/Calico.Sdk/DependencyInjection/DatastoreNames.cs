using Calico.Sdk.Datastore;

namespace Calico.Sdk.DependencyInjection;

/// <summary>The <c>DATASTORE_TYPE</c> spellings of <see cref="DatastoreType"/>.</summary>
internal static class DatastoreNames
{
    public static string Of(DatastoreType type) => type switch
    {
        DatastoreType.Sqlite => "sqlite",
        DatastoreType.EtcdV3 => "etcdv3",
        DatastoreType.Kubernetes => "kubernetes",
        _ => type.ToString().ToLowerInvariant(),
    };
}
