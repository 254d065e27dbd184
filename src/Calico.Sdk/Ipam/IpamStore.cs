using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Ipam;

/// <summary>Typed access to the IPAM kinds of an <see cref="IDatastore"/> (cluster-scoped, so no namespace).</summary>
internal sealed class IpamStore(IDatastore datastore)
{
    public IDatastore Datastore { get; } = datastore;

    public async Task<T?> GetAsync<T>(ResourceKind kind, string name, CancellationToken ct)
        where T : Resource =>
        (T?)await Datastore.GetAsync(kind, null, name, ct).ConfigureAwait(false);

    public async Task<List<T>> ListAsync<T>(ResourceKind kind, string? prefix, CancellationToken ct)
        where T : Resource
    {
        var items = new List<T>();
        string? token = null;
        do
        {
            var page = await Datastore.ListAsync(kind, new ListOptions { NamePrefix = prefix, Continue = token }, ct).ConfigureAwait(false);
            items.AddRange(page.Items.Cast<T>());
            token = page.Continue;
        }
        while (!string.IsNullOrEmpty(token));

        return items;
    }

    public async Task<T> CreateAsync<T>(ResourceKind kind, T resource, CancellationToken ct)
        where T : Resource =>
        (T)await Datastore.CreateAsync(kind, resource, ct).ConfigureAwait(false);

    public async Task<T> UpdateAsync<T>(ResourceKind kind, T resource, CancellationToken ct)
        where T : Resource =>
        (T)await Datastore.UpdateAsync(kind, resource, ct).ConfigureAwait(false);

    public Task DeleteAsync(ResourceKind kind, string name, string? revision, CancellationToken ct) =>
        Datastore.DeleteAsync(kind, null, name, revision, ct);

    public Task<IPAMBlock?> GetBlockAsync(string name, CancellationToken ct) => GetAsync<IPAMBlock>(ResourceKinds.IPAMBlock, name, ct);

    public Task<IPAMHandle?> GetHandleAsync(string handleId, CancellationToken ct) => GetAsync<IPAMHandle>(ResourceKinds.IPAMHandle, handleId, ct);

    public Task<BlockAffinity?> GetAffinityAsync(string name, CancellationToken ct) => GetAsync<BlockAffinity>(ResourceKinds.BlockAffinity, name, ct);

    public async Task<List<IPAMBlock>> ListBlocksAsync(CancellationToken ct) => (await ListBlocksAtAsync(ct).ConfigureAwait(false)).Blocks;

    /// <summary>Every live block, with the store revision of the listing.</summary>
    public async Task<(List<IPAMBlock> Blocks, string Revision)> ListBlocksAtAsync(CancellationToken ct)
    {
        var items = new List<IPAMBlock>();
        string? token = null;
        string? revision = null;
        do
        {
            var page = await Datastore.ListAsync(ResourceKinds.IPAMBlock, new ListOptions { Continue = token }, ct).ConfigureAwait(false);
            items.AddRange(page.Items.Cast<IPAMBlock>().Where(b => b.Spec is { Deleted: not true, Cidr: not null }));
            revision ??= page.Revision;
            token = page.Continue;
        }
        while (!string.IsNullOrEmpty(token));

        return (items, revision);
    }

    public async Task<List<BlockAffinity>> ListAffinitiesAsync(string? prefix, CancellationToken ct) =>
        [.. (await ListAsync<BlockAffinity>(ResourceKinds.BlockAffinity, prefix, ct).ConfigureAwait(false)).Where(a => a.Spec is { Deleted: not true })];

    public async Task<List<IPAMHandle>> ListHandlesAsync(CancellationToken ct) =>
        [.. (await ListAsync<IPAMHandle>(ResourceKinds.IPAMHandle, null, ct).ConfigureAwait(false)).Where(h => h.Spec is { Deleted: not true })];

    /// <summary>A deep copy of a block, so a cached instance is never mutated.</summary>
    public static IPAMBlock Clone(IPAMBlock block) => IpamBlockCopy.Of(block);
}
