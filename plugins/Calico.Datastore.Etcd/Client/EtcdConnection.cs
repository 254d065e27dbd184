using Calico.Datastore.Etcd.Rpc;
using Grpc.Core;

namespace Calico.Datastore.Etcd.Client;

/// <summary>
/// The wire client: the configured endpoints, the one in use, and unary calls with a deadline. A call whose
/// request could not be sent (connection refused or timed out) moves on to the next endpoint and is retried there,
/// which is safe because nothing was applied; every other failure is the caller's to interpret.
/// </summary>
internal sealed class EtcdConnection : IDisposable
{
    private readonly EtcdSettings _settings;
    private readonly TimeProvider _time;
    private readonly EtcdEndpoint[] _endpoints;
    private int _current;

    public EtcdConnection(EtcdSettings settings, TimeProvider timeProvider)
    {
        _settings = settings;
        _time = timeProvider;
        _endpoints = settings.Endpoints.Select(e => new EtcdEndpoint(e, settings)).ToArray();
    }

    public EtcdSettings Settings => _settings;

    /// <summary>The endpoint calls go to now.</summary>
    public EtcdEndpoint Current => _endpoints[Volatile.Read(ref _current) % _endpoints.Length];

    public int EndpointCount => _endpoints.Length;

    /// <summary>Moves to the next endpoint after <paramref name="failed"/> could not be reached (unless another
    /// caller already moved on).</summary>
    public void ReportUnreachable(EtcdEndpoint failed)
    {
        var index = Array.IndexOf(_endpoints, failed);
        Interlocked.CompareExchange(ref _current, (index + 1) % _endpoints.Length, index);
    }

    public Task<RangeResponse> RangeAsync(RangeRequest request, CancellationToken ct) =>
        CallAsync(static (e, r, o) => e.Kv.RangeAsync(r, o), request, ct);

    public Task<TxnResponse> TxnAsync(TxnRequest request, CancellationToken ct) =>
        CallAsync(static (e, r, o) => e.Kv.TxnAsync(r, o), request, ct);

    public Task<PutResponse> PutAsync(PutRequest request, CancellationToken ct) =>
        CallAsync(static (e, r, o) => e.Kv.PutAsync(r, o), request, ct);

    public Task<DeleteRangeResponse> DeleteRangeAsync(DeleteRangeRequest request, CancellationToken ct) =>
        CallAsync(static (e, r, o) => e.Kv.DeleteRangeAsync(r, o), request, ct);

    public Task<CompactionResponse> CompactAsync(CompactionRequest request, CancellationToken ct) =>
        CallAsync(static (e, r, o) => e.Kv.CompactAsync(r, o), request, ct);

    public Task<StatusResponse> StatusAsync(CancellationToken ct) =>
        CallAsync(static (e, r, o) => e.Maintenance.StatusAsync(r, o), new StatusRequest(), ct);

    /// <summary>Opens a watch stream on the current endpoint (no deadline: it lives until cancelled).</summary>
    public (EtcdEndpoint Endpoint, AsyncDuplexStreamingCall<WatchRequest, WatchResponse> Call) OpenWatch(CancellationToken ct)
    {
        var endpoint = Current;
        return (endpoint, endpoint.Watch.Watch(new CallOptions(cancellationToken: ct)));
    }

    public void Dispose()
    {
        foreach (var e in _endpoints)
        {
            e.Dispose();
        }
    }

    private async Task<TResponse> CallAsync<TRequest, TResponse>(
        Func<EtcdEndpoint, TRequest, CallOptions, AsyncUnaryCall<TResponse>> call, TRequest request, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var endpoint = Current;
            var options = new CallOptions(deadline: _time.GetUtcNow().UtcDateTime + _settings.Options.RequestTimeout, cancellationToken: ct);
            try
            {
                return await call(endpoint, request, options).ResponseAsync.ConfigureAwait(false);
            }
            catch (RpcException ex) when (attempt < _endpoints.Length && EtcdFailure.Classify(ex) == EtcdFailureKind.NotSent)
            {
                ReportUnreachable(endpoint);
            }
        }
    }
}
