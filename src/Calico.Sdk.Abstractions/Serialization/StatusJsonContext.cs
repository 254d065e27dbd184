using System.Text.Json;
using System.Text.Json.Serialization;
using Calico.Sdk.Status;

namespace Calico.Sdk.Serialization;

/// <summary>Source-generated JSON contracts of the node agent's status files (camelCase, AOT-safe).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(NodeAgentStatus))]
[JsonSerializable(typeof(EndpointStatus))]
public sealed partial class StatusJsonContext : JsonSerializerContext
{
}
