using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Ipam.Tests;

/// <summary>How the injected write fault behaves.</summary>
public enum Fault
{
    /// <summary>No fault.</summary>
    None,

    /// <summary>The process dies before the k-th write reaches the store: it and every later call fail.</summary>
    CrashBefore,

    /// <summary>The k-th write commits, then the process dies: the caller sees a failure, every later call fails.</summary>
    CrashAfter,

    /// <summary>The k-th write commits but its reply is lost (outcome unknown); the process goes on.</summary>
    UnknownCommitted,

    /// <summary>The k-th write is lost before the store (outcome unknown, nothing written); the process goes on.</summary>
    UnknownLost,

    /// <summary>The caller's token is cancelled right before the k-th call (read or write).</summary>
    Cancel,
}

/// <summary>
/// An <see cref="IDatastore"/> wrapper that injects one fault at the k-th write (or, for <see cref="Fault.Cancel"/>,
/// the k-th call), and counts writes.
/// </summary>
internal sealed class FaultyDatastore(IDatastore inner, Fault fault = Fault.None, int at = 0, CancellationTokenSource? cancel = null) : IDatastore
{
    private int _writes;
    private int _calls;
    private volatile bool _dead;

    public int Writes => _writes;

    public bool Triggered { get; private set; }

    public Task<Resource?> GetAsync(ResourceKind kind, string? @namespace, string name, CancellationToken cancellationToken = default) =>
        Read(() => inner.GetAsync(kind, @namespace, name, cancellationToken), cancellationToken);

    public Task<ResourceList<Resource>> ListAsync(ResourceKind kind, ListOptions? options = null, CancellationToken cancellationToken = default) =>
        Read(() => inner.ListAsync(kind, options, cancellationToken), cancellationToken);

    public Task<Resource> CreateAsync(ResourceKind kind, Resource resource, CancellationToken cancellationToken = default) =>
        Write("create", kind, resource.Metadata.Name!, () => inner.CreateAsync(kind, resource, CancellationToken.None), cancellationToken);

    public Task<Resource> UpdateAsync(ResourceKind kind, Resource resource, CancellationToken cancellationToken = default) =>
        Write("update", kind, resource.Metadata.Name!, () => inner.UpdateAsync(kind, resource, CancellationToken.None), cancellationToken);

    public Task DeleteAsync(ResourceKind kind, string? @namespace, string name, string? expectedRevision = null, CancellationToken cancellationToken = default) =>
        Write("delete", kind, name, async () => { await inner.DeleteAsync(kind, @namespace, name, expectedRevision, CancellationToken.None); return true; }, cancellationToken);

    public IAsyncEnumerable<WatchEvent> WatchAsync(ResourceKind kind, string? afterRevision = null, CancellationToken cancellationToken = default) =>
        inner.WatchAsync(kind, afterRevision, cancellationToken);

    public IAsyncEnumerable<SyncEvent> SyncAsync(IReadOnlyList<ResourceKind> kinds, CancellationToken cancellationToken = default) =>
        inner.SyncAsync(kinds, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<T> Read<T>(Func<Task<T>> read, CancellationToken ct)
    {
        Gate(ct);
        return await read();
    }

    private void Gate(CancellationToken ct)
    {
        if (_dead)
        {
            throw new DatastoreUnavailableException("the process is dead (injected crash)");
        }

        if (fault == Fault.Cancel && Interlocked.Increment(ref _calls) == at)
        {
            Triggered = true;
            cancel!.Cancel();
        }

        ct.ThrowIfCancellationRequested();
    }

    /// <summary>Performs the write whose reply is then lost: its own result, even a failure, never reaches the caller.</summary>
    private static async Task TryWrite<T>(Func<Task<T>> write)
    {
        try
        {
            await write();
        }
        catch (DatastoreException)
        {
        }
    }

    private async Task<T> Write<T>(string op, ResourceKind kind, string name, Func<Task<T>> write, CancellationToken ct)
    {
        Gate(ct);
        var n = Interlocked.Increment(ref _writes);
        if (n != at || fault is Fault.None or Fault.Cancel)
        {
            return await write();
        }

        Triggered = true;
        switch (fault)
        {
            case Fault.CrashBefore:
                _dead = true;
                throw new DatastoreUnavailableException($"injected crash before write {n} ({op} {kind.Kind}/{name})");
            case Fault.CrashAfter:
                await TryWrite(write);
                _dead = true;
                throw new DatastoreUnavailableException($"injected crash after write {n} ({op} {kind.Kind}/{name})");
            case Fault.UnknownCommitted:
                await TryWrite(write);
                throw new DatastoreOutcomeUnknownException(op, kind.Kind, null, name, null);
            default:
                throw new DatastoreOutcomeUnknownException(op, kind.Kind, null, name, null);
        }
    }
}
