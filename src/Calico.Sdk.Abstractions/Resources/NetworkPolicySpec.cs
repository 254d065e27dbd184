namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="NetworkPolicy"/>.</summary>
public sealed class NetworkPolicySpec : PolicySpecBase
{
}
