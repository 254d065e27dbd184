namespace Calico.Sdk.Datastore;

/// <summary>Filters and paging of <see cref="IDatastore.ListAsync"/>.</summary>
public sealed record ListOptions
{
    /// <summary>Only this namespace (namespaced kinds); <see langword="null"/> for every namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>Only names starting with this ordinal prefix; <see langword="null"/> for all names.</summary>
    public string? NamePrefix { get; init; }

    /// <summary>The maximum number of items per page; 0 (the default) for no limit.</summary>
    public int Limit { get; init; }

    /// <summary>
    /// The <see cref="ResourceList{T}.Continue"/> token of the previous page, to read the next one; the other
    /// options must be the same as for the first page.
    /// </summary>
    public string? Continue { get; init; }
}
