using Calico.Sdk.Resources;

namespace Calico.Sdk.Datastore;

/// <summary>One page of a list.</summary>
/// <typeparam name="T">The resource type.</typeparam>
public sealed class ResourceList<T>
    where T : Resource
{
    /// <summary>Creates a page.</summary>
    /// <param name="items">The objects, in key order (ordinal <c>namespace/name</c>).</param>
    /// <param name="revision">The store revision every page of this list is consistent at.</param>
    /// <param name="continueToken">The token of the next page, or <see langword="null"/> on the last page.</param>
    /// <param name="decodeFailures">Stored values in this page that could not be decoded.</param>
    public ResourceList(IReadOnlyList<T> items, string revision, string? continueToken, IReadOnlyList<DecodeFailure>? decodeFailures = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentException.ThrowIfNullOrEmpty(revision);
        Items = items;
        Revision = revision;
        Continue = continueToken;
        DecodeFailures = decodeFailures ?? [];
    }

    /// <summary>The objects, in key order (ordinal <c>namespace/name</c>).</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>The store revision the list is consistent at: watch from it to follow later changes.</summary>
    public string Revision { get; }

    /// <summary>Pass to <see cref="ListOptions.Continue"/> for the next page; <see langword="null"/> on the last page.</summary>
    public string? Continue { get; }

    /// <summary>Keys in this page whose stored value could not be decoded (the list still succeeds).</summary>
    public IReadOnlyList<DecodeFailure> DecodeFailures { get; }
}
