namespace Calico.Sdk.Datastore;

/// <summary>Why a <see cref="DatastoreDataException"/> was raised.</summary>
public enum DataErrorReason
{
    /// <summary>The namespace or name cannot be a key (empty, '/', '.', '..', control characters, too long, or scope mismatch).</summary>
    InvalidKey,

    /// <summary>The encoded value is larger than the backend accepts.</summary>
    Oversized,

    /// <summary>The stored value cannot be decoded as its kind.</summary>
    Corrupt,

    /// <summary>A list continuation token is malformed or belongs to another list.</summary>
    InvalidContinueToken,
}
