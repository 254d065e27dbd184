using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Cni.Diagnostics;

/// <summary>
/// With <c>CALICO_CNI_TRACE=1</c>: the datastore the plugin uses, marking each call's end in the <see cref="PhaseTrace"/>
/// (<c>ds-get-IPPool</c>, <c>ds-create-WorkloadEndpoint</c>, …) so a trace shows every round trip IPAM and the
/// plugin make. A pure pass-through otherwise unused.
/// </summary>
internal sealed class TracedDatastore(IDatastore inner) : IDatastore
{
    public IDatastore Inner => inner;

    public static IDatastore Wrap(IDatastore store) => PhaseTrace.Enabled ? new TracedDatastore(store) : store;

    public async Task<Resource?> GetAsync(ResourceKind kind, string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.GetAsync(kind, @namespace, name, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            PhaseTrace.Mark("ds-get-" + kind.Kind);
        }
    }

    public async Task<ResourceList<Resource>> ListAsync(ResourceKind kind, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ListAsync(kind, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            PhaseTrace.Mark("ds-list-" + kind.Kind);
        }
    }

    public async Task<Resource> CreateAsync(ResourceKind kind, Resource resource, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.CreateAsync(kind, resource, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            PhaseTrace.Mark("ds-create-" + kind.Kind);
        }
    }

    public async Task<Resource> UpdateAsync(ResourceKind kind, Resource resource, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.UpdateAsync(kind, resource, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            PhaseTrace.Mark("ds-update-" + kind.Kind);
        }
    }

    public async Task DeleteAsync(ResourceKind kind, string? @namespace, string name, string? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        try
        {
            await inner.DeleteAsync(kind, @namespace, name, expectedRevision, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            PhaseTrace.Mark("ds-delete-" + kind.Kind);
        }
    }

    public IAsyncEnumerable<WatchEvent> WatchAsync(ResourceKind kind, string? afterRevision = null, CancellationToken cancellationToken = default) =>
        inner.WatchAsync(kind, afterRevision, cancellationToken);

    public IAsyncEnumerable<SyncEvent> SyncAsync(IReadOnlyList<ResourceKind> kinds, CancellationToken cancellationToken = default) =>
        inner.SyncAsync(kinds, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
