using System.Text.Json.Serialization;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Serialization;

/// <summary>
/// The source-generated System.Text.Json contracts of every resource kind. Use it (never reflection) to read and
/// write resources, so that the SDK stays Native-AOT compatible.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    WriteIndented = false)]
[JsonSerializable(typeof(ClusterInformation))]
[JsonSerializable(typeof(Tier))]
public sealed partial class CalicoJsonContext : JsonSerializerContext
{
}
