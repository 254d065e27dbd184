using System.Text.Json.Serialization;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Serialization;

/// <summary>
/// The source-generated System.Text.Json contracts of every resource kind. Use it (never reflection) to read and
/// write resources, so that the SDK stays Native-AOT compatible. The number-or-string value types
/// (<see cref="Port"/>, <see cref="ProtocolValue"/>, <see cref="AsNumber"/>, <see cref="IntOrString"/>) carry their
/// own source-generation-friendly converters.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    WriteIndented = false)]
[JsonSerializable(typeof(ClusterInformation))]
[JsonSerializable(typeof(Tier))]
[JsonSerializable(typeof(IPPool))]
[JsonSerializable(typeof(IPReservation))]
[JsonSerializable(typeof(IPAMBlock))]
[JsonSerializable(typeof(BlockAffinity))]
[JsonSerializable(typeof(IPAMHandle))]
[JsonSerializable(typeof(IPAMConfiguration))]
[JsonSerializable(typeof(Node))]
[JsonSerializable(typeof(WorkloadEndpoint))]
[JsonSerializable(typeof(HostEndpoint))]
[JsonSerializable(typeof(NetworkPolicy))]
[JsonSerializable(typeof(GlobalNetworkPolicy))]
[JsonSerializable(typeof(StagedNetworkPolicy))]
[JsonSerializable(typeof(StagedGlobalNetworkPolicy))]
[JsonSerializable(typeof(NetworkSet))]
[JsonSerializable(typeof(GlobalNetworkSet))]
[JsonSerializable(typeof(Profile))]
[JsonSerializable(typeof(BGPPeer))]
[JsonSerializable(typeof(BGPConfiguration))]
[JsonSerializable(typeof(BGPFilter))]
[JsonSerializable(typeof(FelixConfiguration))]
[JsonSerializable(typeof(KubeControllersConfiguration))]
[JsonSerializable(typeof(KubernetesNetworkPolicy))]
public sealed partial class CalicoJsonContext : JsonSerializerContext
{
}
