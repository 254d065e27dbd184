using System.Globalization;
using System.Text.Json;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Datastore;

/// <summary>
/// Encodes and decodes stored values with each kind's source-generated JSON contract (never reflection), and
/// prepares the stored form of writes. Shared by every backend so that they store identical JSON.
/// </summary>
public static class ResourceCodec
{
    /// <summary>Checks that <paramref name="resource"/> is an instance of <paramref name="kind"/>.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="resource">The resource.</param>
    /// <exception cref="ArgumentException">The CLR type, kind or apiVersion does not match.</exception>
    public static void EnsureKind(ResourceKind kind, Resource resource)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.GetType() != kind.ClrType)
        {
            throw new ArgumentException($"A {resource.GetType().Name} cannot be stored as kind {kind.Kind} ({kind.ClrType.Name}).", nameof(resource));
        }

        if (!string.Equals(resource.Kind, kind.Kind, StringComparison.Ordinal) || !string.Equals(resource.ApiVersion, kind.ApiVersion, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The resource says {resource.ApiVersion}/{resource.Kind}, but kind {kind.ApiVersion}/{kind.Kind} was given.", nameof(resource));
        }

        if (resource.Metadata is null)
        {
            throw new ArgumentException($"The {kind.Kind} has no metadata.", nameof(resource));
        }
    }

    /// <summary>A deep copy, made through the JSON contract.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="resource">The resource.</param>
    /// <returns>An independent copy.</returns>
    public static Resource Copy(ResourceKind kind, Resource resource)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(resource, kind.TypeInfo);
        return (Resource)(JsonSerializer.Deserialize(bytes, kind.TypeInfo)
            ?? throw new InvalidOperationException($"The JSON contract of {kind.Kind} produced null."));
    }

    /// <summary>
    /// The stored form of a create: a validated copy with the normalised key, <c>uid</c> and
    /// <c>creationTimestamp</c> filled in when absent, and no <c>resourceVersion</c>.
    /// </summary>
    /// <param name="kind">The kind.</param>
    /// <param name="resource">The caller's object (not mutated).</param>
    /// <param name="timeProvider">The clock for <c>creationTimestamp</c>.</param>
    /// <returns>The copy to store.</returns>
    /// <exception cref="DatastoreDataException">The key is invalid.</exception>
    public static Resource PrepareCreate(ResourceKind kind, Resource resource, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var copy = PrepareWrite(kind, resource);
        copy.Metadata.Uid ??= Guid.NewGuid().ToString();
        copy.Metadata.CreationTimestamp ??= timeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return copy;
    }

    /// <summary>The stored form of an update: a validated copy with the normalised key and no <c>resourceVersion</c>.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="resource">The caller's object (not mutated); its <c>metadata.resourceVersion</c> is required.</param>
    /// <param name="expectedRevision">The revision the update is conditional on.</param>
    /// <returns>The copy to store.</returns>
    /// <exception cref="ArgumentException">The resource has no <c>metadata.resourceVersion</c>.</exception>
    /// <exception cref="DatastoreDataException">The key is invalid.</exception>
    public static Resource PrepareUpdate(ResourceKind kind, Resource resource, out string expectedRevision)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var revision = resource.Metadata?.ResourceVersion;
        if (string.IsNullOrEmpty(revision))
        {
            throw new ArgumentException(
                $"Updating {DatastoreException.Describe(kind?.Kind, resource.Metadata?.Namespace, resource.Metadata?.Name)} requires metadata.resourceVersion (updates are compare-and-swap); read the object first.",
                nameof(resource));
        }

        expectedRevision = revision;
        return PrepareWrite(kind!, resource);
    }

    /// <summary>Serialises a resource, enforcing a size limit.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="resource">The stored form (from <see cref="PrepareCreate"/> or <see cref="PrepareUpdate"/>).</param>
    /// <param name="maxValueBytes">The largest accepted encoding.</param>
    /// <returns>The UTF-8 JSON.</returns>
    /// <exception cref="DatastoreDataException">The encoding is larger than <paramref name="maxValueBytes"/>.</exception>
    public static byte[] Encode(ResourceKind kind, Resource resource, int maxValueBytes = DatastoreLimits.DefaultMaxValueBytes)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(resource);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(resource, kind.TypeInfo);
        if (bytes.Length > maxValueBytes)
        {
            throw new DatastoreDataException(
                DataErrorReason.Oversized,
                $"{DatastoreException.Describe(kind.Kind, resource.Metadata.Namespace, resource.Metadata.Name)} encodes to {bytes.Length} bytes; the limit is {maxValueBytes}.",
                kind.Kind,
                resource.Metadata.Namespace,
                resource.Metadata.Name);
        }

        return bytes;
    }

    /// <summary>
    /// Decodes a stored value. The key is authoritative: the result's namespace and name are the key's, and its
    /// <c>resourceVersion</c> is <paramref name="revision"/>.
    /// </summary>
    /// <param name="kind">The kind of the key.</param>
    /// <param name="value">The stored UTF-8 JSON.</param>
    /// <param name="namespace">The key's namespace, or <see langword="null"/>.</param>
    /// <param name="name">The key's name.</param>
    /// <param name="revision">The value's revision.</param>
    /// <returns>The resource.</returns>
    /// <exception cref="DatastoreDataException">The value is not a valid <paramref name="kind"/> (<see cref="DataErrorReason.Corrupt"/>).</exception>
    public static Resource Decode(ResourceKind kind, ReadOnlySpan<byte> value, string? @namespace, string name, string revision)
    {
        ArgumentNullException.ThrowIfNull(kind);
        Resource? resource;
        try
        {
            resource = JsonSerializer.Deserialize(value, kind.TypeInfo) as Resource;
        }
        catch (JsonException ex)
        {
            throw Corrupt(kind, @namespace, name, revision, ex.Message, ex);
        }

        if (resource is null)
        {
            throw Corrupt(kind, @namespace, name, revision, "the value is JSON null", null);
        }

        if (!string.Equals(resource.Kind, kind.Kind, StringComparison.Ordinal) || !string.Equals(resource.ApiVersion, kind.ApiVersion, StringComparison.Ordinal))
        {
            throw Corrupt(kind, @namespace, name, revision, $"the value is a {resource.ApiVersion}/{resource.Kind}", null);
        }

        resource.Metadata ??= new ObjectMeta();
        resource.Metadata.Namespace = string.IsNullOrEmpty(@namespace) ? null : @namespace;
        resource.Metadata.Name = name;
        resource.Metadata.ResourceVersion = revision;
        return resource;
    }

    private static Resource PrepareWrite(ResourceKind kind, Resource resource)
    {
        EnsureKind(kind, resource);
        var ns = DatastoreKeys.Validate(kind, resource.Metadata.Namespace, resource.Metadata.Name);
        var copy = Copy(kind, resource);
        copy.Metadata.Namespace = ns;
        copy.Metadata.ResourceVersion = null;
        return copy;
    }

    private static DatastoreDataException Corrupt(ResourceKind kind, string? @namespace, string name, string revision, string why, Exception? inner) =>
        new(
            DataErrorReason.Corrupt,
            $"The stored value of {DatastoreException.Describe(kind.Kind, @namespace, name)} at revision {revision} cannot be decoded: {why}.",
            kind.Kind,
            @namespace,
            name,
            inner);
}
