namespace Calico.Sdk.Datastore;

/// <summary>The datastore backends (environment variable <c>DATASTORE_TYPE</c>).</summary>
public enum DatastoreType
{
    /// <summary><c>sqlite</c>: the embedded single-file store (the default).</summary>
    Sqlite,

    /// <summary><c>etcdv3</c>: an etcd v3 cluster, with Calico's key layout.</summary>
    EtcdV3,

    /// <summary><c>kubernetes</c>: the Kubernetes API (not available in this release).</summary>
    Kubernetes,
}
