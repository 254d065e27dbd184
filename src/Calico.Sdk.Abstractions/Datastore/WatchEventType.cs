namespace Calico.Sdk.Datastore;

/// <summary>What a <see cref="WatchEvent"/> reports.</summary>
public enum WatchEventType
{
    /// <summary>The object was created (or, in a sync snapshot, exists).</summary>
    Added,

    /// <summary>The object was updated.</summary>
    Modified,

    /// <summary>The object was deleted.</summary>
    Deleted,

    /// <summary>A value was written under the key that cannot be decoded; <see cref="WatchEvent.Error"/> says why.</summary>
    DecodeError,
}
