using System.Globalization;
using Calico.Datastore.Etcd.Client;
using Calico.Datastore.Etcd.Layout;
using Calico.Datastore.Etcd.Rpc;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Datastore.Etcd;

/// <summary>
/// <see cref="IDatastore"/> on etcd v3, with Calico's etcdv3 key layout and values: v3 resources as JSON under
/// <c>/calico/resources/v3/projectcalico.org/&lt;plural&gt;/[&lt;namespace&gt;/]&lt;name&gt;</c>, IPAM objects
/// under <c>/calico/ipam/v2/</c>. A revision is the key's etcd <c>mod_revision</c>; every update and conditional
/// delete is a transaction comparing it, and a create compares <c>create_revision == 0</c>.
/// </summary>
/// <remarks>
/// Write outcomes: a request that could not be sent (no connection) throws <see cref="DatastoreUnavailableException"/>;
/// a request whose reply was lost (connection dropped, etcd killed, deadline passed) throws
/// <see cref="DatastoreOutcomeUnknownException"/>. Watches resume from the last delivered revision after a
/// connection loss, and a black-holed connection is detected by HTTP/2 keep-alive pings (see
/// <see cref="EtcdDatastoreOptions"/>).
/// </remarks>
public sealed partial class EtcdDatastore : IDatastore
{
    private readonly EtcdConnection _connection;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _disposed = new();
    private readonly EtcdDatastoreOptions _options;
    private long _observedRevision;

    /// <summary>Creates the store; no connection is made until the first call.</summary>
    /// <param name="options">Endpoints, TLS files and timings.</param>
    /// <param name="logger">Where reconnects and watch restarts are logged.</param>
    /// <param name="timeProvider">The clock (creation timestamps, deadlines, back-off).</param>
    /// <exception cref="DatastoreConfigurationException">An option is invalid or a certificate file cannot be loaded.</exception>
    public EtcdDatastore(EtcdDatastoreOptions options, ILogger<EtcdDatastore>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var settings = EtcdSettings.Load(options);
        if (settings.ClientCertificate is { } client)
        {
            client.Logger = _logger;
        }

        _connection = new EtcdConnection(settings, _time);
    }

    /// <inheritdoc />
    public async Task<Resource?> GetAsync(ResourceKind kind, string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var ns = DatastoreKeys.Validate(kind, @namespace, name);
        var layout = EtcdLayouts.For(kind);
        var key = await ResolveKeyAsync(layout, ns, name, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return null;
        }

        var response = await ReadAsync(
            "get", kind, ns, name, ct => _connection.RangeAsync(new RangeRequest { Key = Bytes(key) }, ct), cancellationToken).ConfigureAwait(false);
        Observe(response.Header);
        if (response.Kvs.Count == 0)
        {
            return null;
        }

        var kv = response.Kvs[0];
        return layout.Decode(key, kv.Value.Span, ns, name, Revision(kv.ModRevision));
    }

    /// <inheritdoc />
    public async Task<Resource> CreateAsync(ResourceKind kind, Resource resource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var stored = ResourceCodec.PrepareCreate(kind, resource, _time);
        var (ns, name) = (stored.Metadata.Namespace, stored.Metadata.Name!);
        var layout = EtcdLayouts.For(kind);
        var key = Bytes(layout.KeyOf(stored));
        var txn = new TxnRequest
        {
            Compare = { new Compare { Key = key, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 } },
            Success = { new RequestOp { RequestPut = new PutRequest { Key = key, Value = ByteString.CopyFrom(layout.Encode(stored, _options.MaxValueBytes)) } } },
        };
        var response = await WriteAsync("create", kind, ns, name, ct => _connection.TxnAsync(txn, ct), cancellationToken).ConfigureAwait(false);
        Observe(response.Header);
        if (!response.Succeeded)
        {
            throw new ResourceAlreadyExistsException(kind.Kind, ns, name);
        }

        stored.Metadata.ResourceVersion = Revision(response.Header.Revision);
        return stored;
    }

    /// <inheritdoc />
    public async Task<Resource> UpdateAsync(ResourceKind kind, Resource resource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var stored = ResourceCodec.PrepareUpdate(kind, resource, out var expected);
        var (ns, name) = (stored.Metadata.Namespace, stored.Metadata.Name!);
        var layout = EtcdLayouts.For(kind);
        var key = Bytes(layout.KeyOf(stored));
        var txn = new TxnRequest
        {
            Compare = { ModRevisionEquals(key, expected) },
            Success = { new RequestOp { RequestPut = new PutRequest { Key = key, Value = ByteString.CopyFrom(layout.Encode(stored, _options.MaxValueBytes)) } } },
            Failure = { new RequestOp { RequestRange = new RangeRequest { Key = key, KeysOnly = true } } },
        };
        var response = await WriteAsync("update", kind, ns, name, ct => _connection.TxnAsync(txn, ct), cancellationToken).ConfigureAwait(false);
        Observe(response.Header);
        if (!response.Succeeded)
        {
            throw CasFailure(kind, ns, name, expected, response);
        }

        stored.Metadata.ResourceVersion = Revision(response.Header.Revision);
        return stored;
    }

    /// <inheritdoc />
    public async Task DeleteAsync(ResourceKind kind, string? @namespace, string name, string? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var ns = DatastoreKeys.Validate(kind, @namespace, name);
        var layout = EtcdLayouts.For(kind);
        var key = Bytes(await ResolveKeyAsync(layout, ns, name, cancellationToken).ConfigureAwait(false)
            ?? throw new ResourceNotFoundException(kind.Kind, ns, name));
        if (expectedRevision is null)
        {
            var deleted = await WriteAsync(
                "delete", kind, ns, name, ct => _connection.DeleteRangeAsync(new DeleteRangeRequest { Key = key }, ct), cancellationToken).ConfigureAwait(false);
            Observe(deleted.Header);
            if (deleted.Deleted == 0)
            {
                throw new ResourceNotFoundException(kind.Kind, ns, name);
            }

            return;
        }

        var txn = new TxnRequest
        {
            Compare = { ModRevisionEquals(key, expectedRevision) },
            Success = { new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = key } } },
            Failure = { new RequestOp { RequestRange = new RangeRequest { Key = key, KeysOnly = true } } },
        };
        var response = await WriteAsync("delete", kind, ns, name, ct => _connection.TxnAsync(txn, ct), cancellationToken).ConfigureAwait(false);
        Observe(response.Header);
        if (!response.Succeeded)
        {
            throw CasFailure(kind, ns, name, expectedRevision, response);
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<SyncEvent> SyncAsync(IReadOnlyList<ResourceKind> kinds, CancellationToken cancellationToken = default) =>
        DatastoreSync.RunAsync(this, kinds, _time, cancellationToken);

    /// <summary>Ends every watch and closes the connections.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        if (!_disposed.IsCancellationRequested)
        {
            _disposed.Cancel();
            _connection.Dispose();
            _disposed.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Remembers the newest store revision any reply showed, so that "watch from now" includes every
    /// change this client could already have caused or seen.</summary>
    private void Observe(ResponseHeader? header)
    {
        var revision = header?.Revision ?? 0;
        var seen = Volatile.Read(ref _observedRevision);
        while (revision > seen)
        {
            var previous = Interlocked.CompareExchange(ref _observedRevision, revision, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    internal static string Revision(long revision) => revision.ToString(CultureInfo.InvariantCulture);

    internal static ByteString Bytes(string key) => ByteString.CopyFromUtf8(key);

    private static Compare ModRevisionEquals(ByteString key, string expectedRevision) => new()
    {
        Key = key,
        Target = Compare.Types.CompareTarget.Mod,
        Result = Compare.Types.CompareResult.Equal,
        // A revision this store never issued cannot match any key: compare against an impossible one.
        ModRevision = long.TryParse(expectedRevision, NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : -1,
    };

    private static DatastoreException CasFailure(ResourceKind kind, string? ns, string name, string expected, TxnResponse response)
    {
        var current = response.Responses.Count > 0 ? response.Responses[0].ResponseRange : null;
        return current is null || current.Kvs.Count == 0
            ? new ResourceNotFoundException(kind.Kind, ns, name)
            : new ResourceConflictException(kind.Kind, ns, name, expected, Revision(current.Kvs[0].ModRevision));
    }

    /// <summary>The key of (namespace, name); null when the name can only be found by a search that found nothing.</summary>
    private async Task<string?> ResolveKeyAsync(EtcdKeyLayout layout, string? ns, string name, CancellationToken cancellationToken)
    {
        if (layout.SearchPrefixes(ns, name) is { } prefixes)
        {
            var search = new TxnRequest();
            foreach (var prefix in prefixes)
            {
                search.Success.Add(new RequestOp { RequestRange = new RangeRequest { Key = Bytes(prefix), RangeEnd = Bytes(EtcdKeyLayout.PrefixEnd(prefix)), KeysOnly = true } });
            }

            var found = await ReadAsync("get", layout.Kind, ns, name, ct => _connection.TxnAsync(search, ct), cancellationToken).ConfigureAwait(false);
            foreach (var kv in found.Responses.SelectMany(r => r.ResponseRange.Kvs))
            {
                var key = kv.Key.ToStringUtf8();
                if (layout.TryParseKey(key, out _, out var keyName) && string.Equals(keyName, name, StringComparison.Ordinal))
                {
                    return key;
                }
            }

            return null;
        }

        var candidates = layout.CandidateKeys(ns, name);
        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        // Names that map to several possible keys (BlockAffinity host/CIDR splits): look for the one that exists.
        var txn = new TxnRequest();
        foreach (var candidate in candidates)
        {
            txn.Success.Add(new RequestOp { RequestRange = new RangeRequest { Key = Bytes(candidate), KeysOnly = true } });
        }

        var response = await ReadAsync("get", layout.Kind, ns, name, ct => _connection.TxnAsync(txn, ct), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (response.Responses[i].ResponseRange.Kvs.Count > 0)
            {
                return candidates[i];
            }
        }

        return candidates[0];
    }

    private async Task<T> ReadAsync<T>(string what, ResourceKind kind, string? ns, string? name, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, long atRevision = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (RpcException ex)
        {
            throw EtcdErrors.Read(ex, what, kind, ns, name, _connection.Current.Address, atRevision);
        }
    }

    private async Task<T> WriteAsync<T>(string operation, ResourceKind kind, string? ns, string name, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        cancellationToken.ThrowIfCancellationRequested();
        var endpoint = _connection.Current.Address;
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            // The request may already be with etcd: only a token cancelled before sending proves nothing was written.
            throw new DatastoreOutcomeUnknownException(operation, kind.Kind, ns, name, new OperationCanceledException(cancellationToken));
        }
        catch (RpcException ex)
        {
            var error = EtcdErrors.Write(ex, operation, kind, ns, name, endpoint, _options.MaxValueBytes);
            Log.WriteFailed(_logger, operation, kind.Kind, ns, name, error.GetType().Name, EtcdFailure.Describe(ex));
            throw error;
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            // The request may already be with etcd: only a token cancelled before sending proves nothing was written.
            throw new DatastoreOutcomeUnknownException(operation, kind.Kind, ns, name, ex);
        }
    }
}
