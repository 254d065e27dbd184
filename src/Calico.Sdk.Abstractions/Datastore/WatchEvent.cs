using Calico.Sdk.Resources;

namespace Calico.Sdk.Datastore;

/// <summary>One change of one object.</summary>
public sealed class WatchEvent
{
    /// <summary>Creates an event.</summary>
    /// <param name="type">What happened.</param>
    /// <param name="kind">The kind of the object.</param>
    /// <param name="namespace">Its namespace, or <see langword="null"/>.</param>
    /// <param name="name">Its name.</param>
    /// <param name="revision">The store revision of the change.</param>
    /// <param name="resource">The new state; for deletions the last state when known; <see langword="null"/> for decode errors.</param>
    /// <param name="error">Why the value could not be decoded (<see cref="WatchEventType.DecodeError"/> only).</param>
    public WatchEvent(WatchEventType type, ResourceKind kind, string? @namespace, string name, string revision, Resource? resource, string? error = null)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(revision);
        if (type is WatchEventType.Added or WatchEventType.Modified && resource is null)
        {
            throw new ArgumentException($"A {type} event needs the object.", nameof(resource));
        }

        if (type == WatchEventType.DecodeError && string.IsNullOrEmpty(error))
        {
            throw new ArgumentException("A DecodeError event needs the error.", nameof(error));
        }

        Type = type;
        Kind = kind;
        Namespace = string.IsNullOrEmpty(@namespace) ? null : @namespace;
        Name = name;
        Revision = revision;
        Object = resource;
        Error = error;
    }

    /// <summary>What happened.</summary>
    public WatchEventType Type { get; }

    /// <summary>The kind of the object.</summary>
    public ResourceKind Kind { get; }

    /// <summary>The namespace, or <see langword="null"/> for cluster-scoped kinds.</summary>
    public string? Namespace { get; }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>The store revision of this change; pass it to <see cref="IDatastore.WatchAsync"/> to resume after it.</summary>
    public string Revision { get; }

    /// <summary>
    /// The object after the change (Added, Modified); for Deleted, its last state when the backend knows it,
    /// otherwise <see langword="null"/>; <see langword="null"/> for DecodeError.
    /// </summary>
    public Resource? Object { get; }

    /// <summary>Why the value could not be decoded, for <see cref="WatchEventType.DecodeError"/>.</summary>
    public string? Error { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Type} {Kind.Kind} {(Namespace is null ? Name : Namespace + "/" + Name)} @{Revision}{(Error is null ? string.Empty : ": " + Error)}";
}
