namespace Calico.Sdk.Datastore;

/// <summary>Limits shared by the backends.</summary>
public static class DatastoreLimits
{
    /// <summary>
    /// The default largest encoded value, 1 MiB: below etcd's default 1.5 MiB request limit (which also counts
    /// the key and framing) and far above any real resource.
    /// </summary>
    public const int DefaultMaxValueBytes = 1024 * 1024;
}
