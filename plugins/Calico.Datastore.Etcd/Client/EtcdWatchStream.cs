using System.Globalization;
using Calico.Datastore.Etcd.Layout;
using Calico.Datastore.Etcd.Rpc;
using Calico.Sdk.Datastore;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Calico.Datastore.Etcd.Client;

/// <summary>
/// One logical watch of a kind's key range. Hands out etcd responses that carry events, and re-creates the etcd
/// watch after any stream failure from the revision after the last one handed out, so nothing is lost or repeated.
/// A compacted start revision ends it with <see cref="RevisionCompactedException"/>; continuous failure for longer
/// than <see cref="EtcdDatastoreOptions.WatchGiveUpAfter"/> ends it with <see cref="DatastoreUnavailableException"/>.
/// </summary>
internal sealed class EtcdWatchStream : IAsyncDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private readonly EtcdConnection _connection;
    private readonly EtcdKeyLayout _layout;
    private readonly EtcdDatastoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private AsyncDuplexStreamingCall<WatchRequest, WatchResponse>? _call;
    private EtcdEndpoint? _endpoint;
    private long _next;
    private bool _fromNow;
    private bool _created;
    private long _failingSince;
    private TimeSpan _retryDelay;

    public EtcdWatchStream(EtcdConnection connection, EtcdKeyLayout layout, long startRevision, bool fromNow, EtcdDatastoreOptions options, TimeProvider time, ILogger logger)
    {
        _fromNow = fromNow;
        _connection = connection;
        _layout = layout;
        _next = startRevision;
        _options = options;
        _time = time;
        _logger = logger;
        _retryDelay = options.WatchRetryDelay;
    }

    /// <summary>The next revision this watch will deliver (0 until etcd confirmed a "from now" watch).</summary>
    public long NextRevision => _next;

    /// <summary>Waits for the next response with events.</summary>
    public async Task<WatchResponse> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Until etcd confirms the watch, the attempt has a deadline: a stream opened towards a dead path must not
            // wait forever (the keep-alive only guards connections that exist).
            using var attempt = _created ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt?.CancelAfter(_options.RequestTimeout);
            var token = attempt?.Token ?? cancellationToken;
            Exception? failure;
            try
            {
                _call ??= await OpenAsync(token).ConfigureAwait(false);
                if (await _call.ResponseStream.MoveNext(token).ConfigureAwait(false))
                {
                    if (Handle(_call.ResponseStream.Current) is { } withEvents)
                    {
                        return withEvents;
                    }

                    continue;
                }

                failure = new IOException("etcd closed the watch stream");
            }
            catch (RpcException ex) when (cancellationToken.IsCancellationRequested)
            {
                Close();
                throw new OperationCanceledException("The watch was cancelled.", ex, cancellationToken);
            }
            catch (RpcException ex)
            {
                failure = ex;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = new TimeoutException($"etcd did not confirm the watch within {_options.RequestTimeout}");
            }

            await RecoverAsync(failure, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    private async Task<AsyncDuplexStreamingCall<WatchRequest, WatchResponse>> OpenAsync(CancellationToken cancellationToken)
    {
        var (endpoint, call) = _connection.OpenWatch(cancellationToken);
        _endpoint = endpoint;
        var create = new WatchCreateRequest
        {
            Key = EtcdDatastore.Bytes(_layout.RangeStart),
            RangeEnd = EtcdDatastore.Bytes(_layout.RangeEnd),
            StartRevision = _next,
            PrevKv = true,
            ProgressNotify = true,
        };
        try
        {
            await call.RequestStream.WriteAsync(new WatchRequest { CreateRequest = create }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            call.Dispose();
            throw;
        }

        return call;
    }

    /// <summary>Tracks revisions; returns the response when it carries events.</summary>
    private WatchResponse? Handle(WatchResponse response)
    {
        if (response.Canceled)
        {
            Close();
            if (response.CompactRevision > 0 && _fromNow)
            {
                // A "from now" watch started at the last revision this client saw, which is already compacted:
                // nothing was delivered yet, so start at etcd's current revision instead.
                _next = 0;
                _fromNow = false;
                return null;
            }

            if (response.CompactRevision > 0)
            {
                throw new RevisionCompactedException(
                    _layout.Kind.Kind,
                    EtcdDatastore.Revision(Math.Max(_next - 1, 0)),
                    EtcdDatastore.Revision(response.CompactRevision));
            }

            throw new DatastoreUnavailableException(
                $"etcd cancelled the watch of {_layout.Kind.Kind} at revision {_next}: {response.CancelReason}", _layout.Kind.Kind);
        }

        if (response.Created)
        {
            _created = true;
            if (_next == 0)
            {
                _next = response.Header.Revision + 1;
            }

            if (_failingSince != 0)
            {
                Log.WatchResumed(_logger, _layout.Kind.Kind, _next);
            }

            _failingSince = 0;
            _retryDelay = _options.WatchRetryDelay;
        }

        if (response.Events.Count > 0)
        {
            _fromNow = false;
            _next = response.Events[^1].Kv.ModRevision + 1;
            return response;
        }

        if (!response.Created && response.Header is { } header)
        {
            // Progress notification: every change up to the header revision has been delivered.
            _next = Math.Max(_next, header.Revision + 1);
        }

        return null;
    }

    private async Task RecoverAsync(Exception failure, CancellationToken cancellationToken)
    {
        Close();
        if (failure is RpcException rpc)
        {
            var kind = EtcdFailure.Classify(rpc);
            if (kind == EtcdFailureKind.Compacted)
            {
                throw new RevisionCompactedException(_layout.Kind.Kind, EtcdDatastore.Revision(Math.Max(_next - 1, 0)), null);
            }

            if (kind == EtcdFailureKind.NotSent && _endpoint is not null)
            {
                _connection.ReportUnreachable(_endpoint);
            }
        }

        var now = _time.GetTimestamp();
        if (_failingSince == 0)
        {
            _failingSince = now;
        }
        else if (_time.GetElapsedTime(_failingSince, now) > _options.WatchGiveUpAfter)
        {
            throw new DatastoreUnavailableException(
                $"The watch of {_layout.Kind.Kind} could not reconnect to etcd for {_options.WatchGiveUpAfter}; resume from revision {Math.Max(_next - 1, 0).ToString(CultureInfo.InvariantCulture)}.",
                _layout.Kind.Kind,
                innerException: failure);
        }

        Log.WatchInterrupted(_logger, _layout.Kind.Kind, _next, _retryDelay, failure.Message);
        await Task.Delay(_retryDelay, _time, cancellationToken).ConfigureAwait(false);
        _retryDelay = TimeSpan.FromTicks(Math.Min(_retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
    }

    private void Close()
    {
        _call?.Dispose();
        _call = null;
        _created = false;
    }
}
