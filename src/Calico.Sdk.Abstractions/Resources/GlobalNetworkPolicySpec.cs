namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="GlobalNetworkPolicy"/>.</summary>
public sealed class GlobalNetworkPolicySpec : GlobalPolicySpecBase
{
}
