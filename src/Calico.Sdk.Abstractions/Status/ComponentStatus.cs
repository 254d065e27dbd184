namespace Calico.Sdk.Status;

/// <summary>The health of one part of the node agent (datastore sync, dataplane, a router, ...).</summary>
/// <param name="Name">The component name, e.g. <c>datastore</c>, <c>dataplane</c>, <c>routing.vxlan</c>, <c>bgp</c>.</param>
/// <param name="Ready">Whether the component is ready.</param>
/// <param name="Live">Whether the component is live (a dead component makes the agent's liveness fail).</param>
/// <param name="Detail">Why it is not ready or live, when it is not.</param>
public sealed record ComponentStatus(string Name, bool Ready, bool Live, string? Detail);
