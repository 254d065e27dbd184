using Calico.Sdk.Resources;

namespace Calico.Sdk.Serialization;

/// <summary>A resource bound from a document, with the path prefix of its fields (e.g. <c>items[2]</c>).</summary>
internal sealed record BoundResource(int DocumentIndex, int? ItemIndex, string PathPrefix, Resource? Resource, List<ResourceError> Errors);
