using System.Net.NetworkInformation;
using System.Text;

namespace Calico.Sdk.Linux;

/// <summary>
/// A link to create with <see cref="NetlinkRoute.AddLink"/> (<c>ip link add NAME type KIND ...</c>). The derived
/// records carry the kind-specific options: <see cref="VethLink"/>, <see cref="VxlanLink"/>, <see cref="BridgeLink"/>,
/// <see cref="IfbLink"/>, <see cref="IpipLink"/>.
/// </summary>
/// <param name="Name">The interface name (at most 15 bytes).</param>
public abstract record LinkSpec(string Name)
{
    /// <summary>The MTU, or null for the kind's default.</summary>
    public int? Mtu { get; init; }

    /// <summary>The MAC address, or null for a random one.</summary>
    public PhysicalAddress? MacAddress { get; init; }

    /// <summary>Create the link administratively up.</summary>
    public bool Up { get; init; }

    /// <summary>The ifindex of a master (bridge) to enslave the link to, or null.</summary>
    public int? MasterIndex { get; init; }

    /// <summary>The IFLA_INFO_KIND string, e.g. <c>veth</c>.</summary>
    public abstract string Kind { get; }

    /// <inheritdoc />
    public sealed override string ToString()
    {
        var text = new StringBuilder().Append(Kind).Append(" '").Append(Name).Append('\'');
        AppendOptions(text);
        if (Mtu is { } mtu)
        {
            text.Append(" mtu ").Append(mtu);
        }

        return text.ToString();
    }

    /// <summary>Appends kind-specific options to the description.</summary>
    /// <param name="text">The description so far.</param>
    private protected virtual void AppendOptions(StringBuilder text)
    {
    }
}
