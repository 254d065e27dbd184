using System.Net;

namespace Calico.Sdk.Ipam;

/// <summary>A request to assign one specific address.</summary>
/// <param name="Address">The address.</param>
/// <param name="HandleId">The owner handle.</param>
/// <param name="Node">The node that asks (used for the block affinity when the block does not exist yet).</param>
public sealed record AssignIpRequest(IPAddress Address, string HandleId, string Node)
{
    /// <summary>Attributes stored with the allocation.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>What the address is for; its pool's <c>allowedUses</c> must include it (a tunnel address uses
    /// <see cref="IpamUse.Tunnel"/>).</summary>
    public IpamUse Use { get; init; } = IpamUse.Workload;
}
