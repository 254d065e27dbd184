using Calico.Sdk.Resources;

namespace Calico.Sdk.Datastore;

/// <summary>A stored value that could not be decoded as its kind (written by another, broken or newer, writer).</summary>
/// <param name="Kind">The kind the key belongs to.</param>
/// <param name="Namespace">The namespace of the key, or <see langword="null"/>.</param>
/// <param name="Name">The name of the key.</param>
/// <param name="Revision">The revision of the bad value.</param>
/// <param name="Message">Why it could not be decoded.</param>
public sealed record DecodeFailure(ResourceKind Kind, string? Namespace, string Name, string Revision, string Message);
