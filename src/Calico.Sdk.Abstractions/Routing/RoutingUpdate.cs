namespace Calico.Sdk.Routing;

/// <summary>Incremental routing changes, applied in order: node upserts, block upserts, block removals, node removals.</summary>
public sealed record RoutingUpdate
{
    /// <summary>Nodes added or changed.</summary>
    public IReadOnlyList<RoutingNode> UpsertedNodes { get; init; } = [];

    /// <summary>Names of nodes removed.</summary>
    public IReadOnlyList<string> RemovedNodes { get; init; } = [];

    /// <summary>Blocks added or changed (e.g. affinity moved).</summary>
    public IReadOnlyList<RoutedBlock> UpsertedBlocks { get; init; } = [];

    /// <summary>Blocks removed.</summary>
    public IReadOnlyList<System.Net.IPNetwork> RemovedBlocks { get; init; } = [];

    /// <summary>Whether the update carries no change.</summary>
    public bool IsEmpty => UpsertedNodes.Count == 0 && RemovedNodes.Count == 0 && UpsertedBlocks.Count == 0 && RemovedBlocks.Count == 0;
}
