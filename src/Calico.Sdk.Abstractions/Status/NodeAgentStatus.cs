namespace Calico.Sdk.Status;

/// <summary>
/// What the node agent reports about itself, written as JSON to <see cref="StatusPaths.NodeStatusFile"/> (root-only,
/// replaced atomically on every change). <c>calicoctl node status</c> and <c>node diags</c> read it; nothing else is
/// needed to reach a running agent.
/// </summary>
/// <param name="NodeName">The agent's node name.</param>
/// <param name="Version">The agent's Calico version string.</param>
/// <param name="ProcessId">The agent's process id (a reader checks it is still alive).</param>
/// <param name="StartedAt">When the agent started.</param>
/// <param name="UpdatedAt">When this report was written.</param>
/// <param name="Ready">Overall readiness.</param>
/// <param name="Live">Overall liveness.</param>
public sealed record NodeAgentStatus(
    string NodeName, string Version, int ProcessId, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, bool Ready, bool Live)
{
    /// <summary>The health of each component.</summary>
    public IReadOnlyList<ComponentStatus> Components { get; init; } = [];

    /// <summary>Every BGP session, when a BGP router runs; empty otherwise.</summary>
    public IReadOnlyList<BgpPeerStatus> BgpPeers { get; init; } = [];

    /// <summary>The routing plugins in use, e.g. <c>vxlan</c>, <c>bgp</c>.</summary>
    public IReadOnlyList<string> Routers { get; init; } = [];

    /// <summary>The dataplane plugin in use, e.g. <c>nftables</c>.</summary>
    public string? Dataplane { get; init; }

    /// <summary>Local workload endpoints currently programmed.</summary>
    public int ActiveLocalEndpoints { get; init; }
}
