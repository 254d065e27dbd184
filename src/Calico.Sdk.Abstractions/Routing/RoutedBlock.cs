using System.Net;

namespace Calico.Sdk.Routing;

/// <summary>An IPAM block (or a single borrowed address) and the node it routes to.</summary>
/// <param name="Cidr">The block CIDR, or a /32 (/128) for an address borrowed from another node's block.</param>
/// <param name="Node">The node the block is affine to (or that holds the borrowed address).</param>
/// <param name="Encapsulation">How traffic to it is carried, from its IP pool.</param>
public sealed record RoutedBlock(IPNetwork Cidr, string Node, Encapsulation Encapsulation)
{
    /// <summary>Whether the block's pool disables BGP export (<c>disableBGPExport</c>).</summary>
    public bool DisableBgpExport { get; init; }
}
