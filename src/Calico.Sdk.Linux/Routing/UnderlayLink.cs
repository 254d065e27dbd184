using System.Net;

namespace Calico.Sdk.Linux.Routing;

/// <summary>A node's underlay device and the subnet of the node's address on it.</summary>
/// <param name="Link">The device.</param>
/// <param name="Subnet">The connected subnet (used for CrossSubnet decisions when the node resource gives none).</param>
public sealed record UnderlayLink(LinkInfo Link, IPNetwork Subnet);
