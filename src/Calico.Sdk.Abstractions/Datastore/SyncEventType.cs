namespace Calico.Sdk.Datastore;

/// <summary>What a <see cref="SyncEvent"/> reports.</summary>
public enum SyncEventType
{
    /// <summary>A snapshot item or a change; see <see cref="SyncEvent.Change"/>.</summary>
    Change,

    /// <summary>Everything up to now has been delivered: the consumer's state equals the store's.</summary>
    InSync,

    /// <summary>
    /// The watch hit a compacted revision and the kinds were listed again; the changes that follow bring the
    /// consumer to the new snapshot, then <see cref="InSync"/> follows.
    /// </summary>
    Resync,
}
