using Calico.Datastore.Etcd;
using Calico.Datastore.Etcd.Client;
using Calico.Datastore.Etcd.Layout;
using Calico.Datastore.Etcd.Rpc;
using Calico.Sdk.Resources;
using Google.Protobuf;

namespace Calico.Datastore.Tests.Etcd;

/// <summary>Direct etcd access for tests: raw puts (as a foreign writer would), compaction, key lookup.</summary>
internal static class EtcdRaw
{
    public static EtcdConnection Connect(EtcdDatastoreOptions options) => new(EtcdSettings.Load(options), TimeProvider.System);

    public static string KeyOf(ResourceKind kind, string? @namespace, string name) => EtcdLayouts.For(kind).CandidateKeys(@namespace, name)[0];

    public static async Task PutAsync(EtcdDatastoreOptions options, string key, byte[] value, CancellationToken ct)
    {
        using var c = Connect(options);
        await c.PutAsync(new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFrom(value) }, ct);
    }

    public static async Task<long> CompactAllAsync(EtcdDatastoreOptions options, CancellationToken ct)
    {
        using var c = Connect(options);
        var status = await c.StatusAsync(ct);
        var revision = status.Header.Revision;
        await c.CompactAsync(new CompactionRequest { Revision = revision, Physical = true }, ct);
        return revision;
    }
}
