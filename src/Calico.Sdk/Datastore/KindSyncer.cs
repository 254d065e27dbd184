using System.Threading.Channels;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Datastore;

/// <summary>
/// The list-then-watch loop of one kind inside <see cref="DatastoreSync"/>. Remembers the revision of every key it
/// has sent, so that after a compaction it sends exactly the difference to the new snapshot.
/// </summary>
internal sealed class KindSyncer
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly IDatastore store;
    private readonly ResourceKind kind;
    private readonly TimeProvider time;
    private readonly SyncedKeys sent = new();
    private string revision = DatastoreRevision.Beginning;
    private TimeSpan backoff = MinBackoff;

    internal KindSyncer(IDatastore store, ResourceKind kind, TimeProvider time)
    {
        this.store = store;
        this.kind = kind;
        this.time = time;
    }

    /// <summary>Lists the kind (retrying transient failures) and returns the events that bring the consumer to it.</summary>
    internal async Task<List<SyncEvent>> ListSnapshotAsync(bool resync, CancellationToken cancellationToken)
    {
        while (true)
        {
            ResourceList<Resource> list;
            try
            {
                list = await store.ListAllAsync(kind, new ListOptions { Limit = DatastoreSync.SnapshotPageSize }, cancellationToken).ConfigureAwait(false);
            }
            catch (RevisionCompactedException)
            {
                // A page's revision was compacted between pages: list again from the start.
                await BackoffAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (DatastoreUnavailableException)
            {
                await BackoffAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            revision = list.Revision;
            return Diff(list, resync);
        }
    }

    /// <summary>Watches from the last revision until cancelled, resyncing on compaction.</summary>
    internal async Task WatchAsync(ChannelWriter<IReadOnlyList<SyncEvent>> writer, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await foreach (var e in store.WatchAsync(kind, revision, cancellationToken).ConfigureAwait(false))
                {
                    sent.Record(e);
                    revision = e.Revision;
                    backoff = MinBackoff;
                    await writer.WriteAsync([SyncEvent.ForChange(e)], cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (RevisionCompactedException)
            {
                var batch = await ListSnapshotAsync(resync: true, cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);

                // Back off before the next watch only if compactions keep coming without progress (no tight loop).
                await BackoffAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DatastoreUnavailableException)
            {
                await BackoffAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private List<SyncEvent> Diff(ResourceList<Resource> list, bool resync)
    {
        var events = new List<SyncEvent>(list.Items.Count + list.DecodeFailures.Count + 2);
        if (resync)
        {
            events.Add(SyncEvent.Resync);
        }

        sent.Reconcile(kind, list, events);
        if (resync)
        {
            events.Add(SyncEvent.InSync);
        }

        return events;
    }

    private async Task BackoffAsync(CancellationToken cancellationToken)
    {
        var delay = backoff;
        backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
        await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
    }
}
