using System.Globalization;
using System.Runtime.CompilerServices;
using Calico.Datastore.Etcd.Client;
using Calico.Datastore.Etcd.Layout;
using Calico.Datastore.Etcd.Rpc;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Datastore.Etcd;

/// <content>Watches: one etcd watch stream per call, resumed from the last delivered revision after failures.</content>
public sealed partial class EtcdDatastore
{
    /// <inheritdoc />
    public IAsyncEnumerable<WatchEvent> WatchAsync(ResourceKind kind, string? afterRevision = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        // "From now on" is fixed at this call, not when enumeration starts: after the newest revision this client
        // has seen, so its own earlier writes are excluded and its later ones are never missed.
        long startRevision = 0;
        var fromNow = afterRevision is null;
        if (fromNow)
        {
            var seen = Volatile.Read(ref _observedRevision);
            startRevision = seen > 0 ? seen + 1 : 0;
        }
        else
        {
            if (!long.TryParse(afterRevision, NumberStyles.None, CultureInfo.InvariantCulture, out var after))
            {
                throw new ArgumentException($"'{afterRevision}' is not a revision issued by this store.", nameof(afterRevision));
            }

            startRevision = after + 1;
        }

        return WatchCoreAsync(kind, startRevision, fromNow, cancellationToken);
    }

    private async IAsyncEnumerable<WatchEvent> WatchCoreAsync(ResourceKind kind, long startRevision, bool fromNow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var layout = EtcdLayouts.For(kind);
        await using var stream = new EtcdWatchStream(_connection, layout, startRevision, fromNow, _options, _time, _logger);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        while (true)
        {
            WatchResponse? response;
            try
            {
                response = await stream.NextAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && _disposed.IsCancellationRequested)
            {
                // The store was disposed: the watch ends normally.
                yield break;
            }

            foreach (var ev in response.Events)
            {
                if (ToWatchEvent(layout, ev) is { } change)
                {
                    yield return change;
                }
            }
        }
    }

    private WatchEvent? ToWatchEvent(EtcdKeyLayout layout, Event ev)
    {
        var kind = layout.Kind;
        var key = ev.Kv.Key.ToStringUtf8();
        if (!layout.TryParseKey(key, out var ns, out var name))
        {
            Log.ForeignKeySkipped(_logger, kind.Kind, key);
            return null;
        }

        var revision = Revision(ev.Kv.ModRevision);
        if (ev.Type == Event.Types.EventType.Delete)
        {
            Resource? last = null;
            if (ev.PrevKv is { } prev)
            {
                try
                {
                    last = layout.Decode(key, prev.Value.Span, ns, name, revision);
                }
                catch (DatastoreDataException)
                {
                    // The deleted value was undecodable; the deletion itself is still news.
                }
            }

            return new WatchEvent(WatchEventType.Deleted, kind, ns, name, revision, last);
        }

        try
        {
            var resource = layout.Decode(key, ev.Kv.Value.Span, ns, name, revision);
            var type = ev.Kv.CreateRevision == ev.Kv.ModRevision ? WatchEventType.Added : WatchEventType.Modified;
            return new WatchEvent(type, kind, ns, name, revision, resource);
        }
        catch (DatastoreDataException ex)
        {
            return new WatchEvent(WatchEventType.DecodeError, kind, ns, name, revision, null, ex.Message);
        }
    }
}
