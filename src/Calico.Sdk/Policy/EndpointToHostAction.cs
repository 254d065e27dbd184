namespace Calico.Sdk.Policy;

/// <summary>Felix's <c>defaultEndpointToHostAction</c>: what happens to workload → own-host traffic after egress policy.</summary>
public enum EndpointToHostAction
{
    /// <summary>Drop it (Felix's default).</summary>
    Drop,

    /// <summary>Accept it.</summary>
    Accept,

    /// <summary>Continue with the host endpoint's ingress policy.</summary>
    Return,
}
