using System.Net;
using System.Text;

namespace Calico.Sdk.Linux;

/// <summary>An IPv4-in-IPv4 tunnel (<c>ip link add NAME type ipip [local A] [remote B] [ttl N] [dev PARENT]</c>).
/// Kernels without the ipip module reject it with EOPNOTSUPP ("Unknown device type").</summary>
/// <param name="Name">The interface name.</param>
public sealed record IpipLink(string Name) : LinkSpec(Name)
{
    /// <summary>The local endpoint, or null (any).</summary>
    public IPAddress? Local { get; init; }

    /// <summary>The remote endpoint, or null (any: Calico's tunl0 is point-to-multipoint).</summary>
    public IPAddress? Remote { get; init; }

    /// <summary>The outer TTL; 0 inherits the inner packet's.</summary>
    public byte Ttl { get; init; }

    /// <summary>The ifindex of the underlay device, or null.</summary>
    public int? ParentIndex { get; init; }

    /// <inheritdoc />
    public override string Kind => "ipip";

    private protected override void AppendOptions(StringBuilder text)
    {
        if (Local is not null)
        {
            text.Append(" local ").Append(Local);
        }

        if (Remote is not null)
        {
            text.Append(" remote ").Append(Remote);
        }
    }
}
