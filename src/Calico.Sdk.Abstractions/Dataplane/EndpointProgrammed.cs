using Calico.Sdk.Policy;

namespace Calico.Sdk.Dataplane;

/// <summary>Reported when an endpoint's program is live in the kernel.</summary>
/// <param name="Endpoint">The endpoint.</param>
/// <param name="ResourceVersion">The endpoint revision the live program was computed from.</param>
/// <param name="Generation">The engine generation of the transaction that made it live.</param>
public sealed record EndpointProgrammed(EndpointId Endpoint, string? ResourceVersion, long Generation);
