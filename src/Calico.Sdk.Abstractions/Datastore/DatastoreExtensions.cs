using System.Runtime.CompilerServices;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Datastore;

/// <summary>Typed calls over <see cref="IDatastore"/> for registered kinds (<see cref="ResourceKinds.All"/>).</summary>
public static class DatastoreExtensions
{
    /// <summary>Reads one object; see <see cref="IDatastore.GetAsync"/>.</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="namespace">The namespace (namespaced kinds) or <see langword="null"/>.</param>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The object, or <see langword="null"/> when absent.</returns>
    public static async Task<T?> GetAsync<T>(this IDatastore store, string? @namespace, string name, CancellationToken cancellationToken = default)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(store);
        return (T?)await store.GetAsync(ResourceKindLookup<T>.Kind, @namespace, name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists one page; see <see cref="IDatastore.ListAsync"/>.</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="options">Filters and paging.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    public static async Task<ResourceList<T>> ListAsync<T>(this IDatastore store, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(store);
        var page = await store.ListAsync(ResourceKindLookup<T>.Kind, options, cancellationToken).ConfigureAwait(false);
        return new ResourceList<T>(page.Items.Cast<T>().ToList(), page.Revision, page.Continue, page.DecodeFailures);
    }

    /// <summary>Creates an object; see <see cref="IDatastore.CreateAsync"/>.</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="resource">The object.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored object with its revision.</returns>
    public static async Task<T> CreateAsync<T>(this IDatastore store, T resource, CancellationToken cancellationToken = default)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(resource);
        return (T)await store.CreateAsync(ResourceKindLookup<T>.Find(resource.GetType()), resource, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Compare-and-swap update; see <see cref="IDatastore.UpdateAsync"/>.</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="resource">The new state with the revision it replaces.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored object with its new revision.</returns>
    public static async Task<T> UpdateAsync<T>(this IDatastore store, T resource, CancellationToken cancellationToken = default)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(resource);
        return (T)await store.UpdateAsync(ResourceKindLookup<T>.Find(resource.GetType()), resource, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes an object; see <see cref="IDatastore.DeleteAsync"/>.</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="namespace">The namespace (namespaced kinds) or <see langword="null"/>.</param>
    /// <param name="name">The name.</param>
    /// <param name="expectedRevision">The revision the object must have, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the object is gone.</returns>
    public static Task DeleteAsync<T>(this IDatastore store, string? @namespace, string name, string? expectedRevision = null, CancellationToken cancellationToken = default)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.DeleteAsync(ResourceKindLookup<T>.Kind, @namespace, name, expectedRevision, cancellationToken);
    }

    /// <summary>Watches one kind; see <see cref="IDatastore.WatchAsync"/>.</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="afterRevision">Deliver changes after this revision; <see langword="null"/> for from now on.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The change stream.</returns>
    public static IAsyncEnumerable<WatchEvent> WatchAsync<T>(this IDatastore store, string? afterRevision = null, CancellationToken cancellationToken = default)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.WatchAsync(ResourceKindLookup<T>.Kind, afterRevision, cancellationToken);
    }

    /// <summary>Lists every page of a kind (following continuation tokens) into one list.</summary>
    /// <param name="store">The store.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="options">Filters; <see cref="ListOptions.Limit"/> sets the page size.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>All objects, consistent at the first page's revision.</returns>
    public static async Task<ResourceList<Resource>> ListAllAsync(this IDatastore store, ResourceKind kind, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var items = new List<Resource>();
        var failures = new List<DecodeFailure>();
        options ??= new ListOptions();
        string? revision = null;
        do
        {
            var page = await store.ListAsync(kind, options, cancellationToken).ConfigureAwait(false);
            revision ??= page.Revision;
            items.AddRange(page.Items);
            failures.AddRange(page.DecodeFailures);
            options = options with { Continue = page.Continue };
        }
        while (options.Continue is not null);

        return new ResourceList<Resource>(items, revision, null, failures);
    }
}
