namespace Calico.Sdk.Routing;

/// <summary>The complete desired routing state of a node.</summary>
/// <param name="LocalNode">The node the router runs on.</param>
/// <param name="Nodes">Every other node.</param>
/// <param name="Blocks">Every block (local and remote) and every borrowed address.</param>
public sealed record RoutingState(RoutingNode LocalNode, IReadOnlyList<RoutingNode> Nodes, IReadOnlyList<RoutedBlock> Blocks);
