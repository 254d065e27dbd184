using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Datastore.Etcd.Layout;

/// <summary>Shared plumbing of the <c>/calico/ipam/v2/</c> layouts: v2 value (de)serialisation and metadata stash.</summary>
/// <typeparam name="TValue">The v2 value type.</typeparam>
internal abstract class IpamLayout<TValue> : EtcdKeyLayout
    where TValue : class
{
    public const string Root = "/calico/ipam/v2/";

    private readonly JsonTypeInfo<TValue> _typeInfo;

    protected IpamLayout(ResourceKind kind, JsonTypeInfo<TValue> typeInfo)
        : base(kind)
    {
        _typeInfo = typeInfo;
    }

    public sealed override byte[] Encode(Resource stored, int maxValueBytes)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(ToValue(stored, Stash(stored.Metadata)), _typeInfo);
        if (bytes.Length > maxValueBytes)
        {
            throw new DatastoreDataException(
                DataErrorReason.Oversized,
                $"{DatastoreException.Describe(Kind.Kind, null, stored.Metadata.Name)} encodes to {bytes.Length} bytes; the limit is {maxValueBytes}.",
                Kind.Kind,
                null,
                stored.Metadata.Name);
        }

        return bytes;
    }

    public sealed override Resource Decode(string key, ReadOnlySpan<byte> value, string? @namespace, string name, string revision)
    {
        TValue? v;
        try
        {
            v = JsonSerializer.Deserialize(value, _typeInfo);
        }
        catch (JsonException ex)
        {
            throw Corrupt(null, name, revision, ex.Message, ex);
        }

        if (v is null)
        {
            throw Corrupt(null, name, revision, "the value is JSON null");
        }

        var resource = FromValue(v, key, name, revision);
        var meta = resource.Metadata;
        if (StashOf(v) is { } stash)
        {
            meta.Uid = stash.Uid;
            meta.CreationTimestamp = stash.CreationTimestamp;
            meta.Labels = stash.Labels;
            meta.Annotations = stash.Annotations;
        }

        meta.Name = name;
        meta.ResourceVersion = revision;
        return resource;
    }

    /// <summary>Builds the v2 value of a stored resource (key parts already validated by <see cref="EtcdKeyLayout.KeyOf"/>).</summary>
    protected abstract TValue ToValue(Resource stored, StashedMetadata? metadata);

    /// <summary>Builds the resource from a v2 value (metadata is filled in by the caller).</summary>
    protected abstract Resource FromValue(TValue value, string key, string name, string revision);

    protected abstract StashedMetadata? StashOf(TValue value);

    private static StashedMetadata? Stash(ObjectMeta meta) =>
        meta.Uid is null && meta.CreationTimestamp is null && meta.Labels is null && meta.Annotations is null
            ? null
            : new StashedMetadata { Uid = meta.Uid, CreationTimestamp = meta.CreationTimestamp, Labels = meta.Labels, Annotations = meta.Annotations };
}
