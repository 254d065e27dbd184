using System.Net;
using System.Text;

namespace Calico.Sdk.Linux;

/// <summary>A VXLAN device (<c>ip link add NAME type vxlan id VNI dstport PORT local ADDR [nolearning] [dev PARENT]</c>).</summary>
/// <param name="Name">The interface name.</param>
/// <param name="Vni">The VXLAN network identifier (24 bits).</param>
public sealed record VxlanLink(string Name, uint Vni) : LinkSpec(Name)
{
    /// <summary>The UDP destination port (IANA 4789; Calico uses 4789 too).</summary>
    public ushort Port { get; init; } = 4789;

    /// <summary>The local tunnel source address, or null.</summary>
    public IPAddress? Local { get; init; }

    /// <summary>Learn remote MACs from received packets (Calico turns this off and programs the FDB).</summary>
    public bool Learning { get; init; } = true;

    /// <summary>The ifindex of the underlay device, or null.</summary>
    public int? ParentIndex { get; init; }

    /// <inheritdoc />
    public override string Kind => "vxlan";

    private protected override void AppendOptions(StringBuilder text)
    {
        text.Append(" id ").Append(Vni).Append(" dstport ").Append(Port);
        if (Local is not null)
        {
            text.Append(" local ").Append(Local);
        }

        if (!Learning)
        {
            text.Append(" nolearning");
        }
    }
}
