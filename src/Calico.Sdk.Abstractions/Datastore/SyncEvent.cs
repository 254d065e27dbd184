namespace Calico.Sdk.Datastore;

/// <summary>One item of <see cref="IDatastore.SyncAsync"/>: a change, or a sync-state marker.</summary>
public sealed class SyncEvent
{
    private SyncEvent(SyncEventType type, WatchEvent? change)
    {
        Type = type;
        Change = change;
    }

    /// <summary>The in-sync marker.</summary>
    public static SyncEvent InSync { get; } = new(SyncEventType.InSync, null);

    /// <summary>The resync marker.</summary>
    public static SyncEvent Resync { get; } = new(SyncEventType.Resync, null);

    /// <summary>What this event is.</summary>
    public SyncEventType Type { get; }

    /// <summary>The change, for <see cref="SyncEventType.Change"/>; otherwise <see langword="null"/>.</summary>
    public WatchEvent? Change { get; }

    /// <summary>Wraps a change.</summary>
    /// <param name="change">The change.</param>
    /// <returns>A <see cref="SyncEventType.Change"/> event.</returns>
    public static SyncEvent ForChange(WatchEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new SyncEvent(SyncEventType.Change, change);
    }

    /// <inheritdoc />
    public override string ToString() => Change?.ToString() ?? Type.ToString();
}
