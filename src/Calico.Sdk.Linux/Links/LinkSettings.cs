using System.Net.NetworkInformation;
using System.Text;

namespace Calico.Sdk.Linux;

/// <summary>Changes to an existing link (<c>ip link set DEV up|down mtu N address MAC name NEW netns NS master M</c>);
/// null properties are left unchanged.</summary>
public sealed record LinkSettings
{
    /// <summary>Set administratively up (true) or down (false).</summary>
    public bool? Up { get; init; }

    /// <summary>The new MTU.</summary>
    public int? Mtu { get; init; }

    /// <summary>The new MAC address.</summary>
    public PhysicalAddress? MacAddress { get; init; }

    /// <summary>The new name (needs the link addressed by index).</summary>
    public string? Name { get; init; }

    /// <summary>Move the link into this namespace (it must stay open until the request is sent).</summary>
    public NetworkNamespace? Namespace { get; init; }

    /// <summary>Enslave to this master ifindex; 0 releases it from its master.</summary>
    public int? MasterIndex { get; init; }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        if (Up is { } up)
        {
            text.Append(up ? " up" : " down");
        }

        if (Mtu is { } mtu)
        {
            text.Append(" mtu ").Append(mtu);
        }

        if (MacAddress is not null)
        {
            text.Append(" address ").Append(MacAddress);
        }

        if (Name is not null)
        {
            text.Append(" name ").Append(Name);
        }

        if (Namespace is not null)
        {
            text.Append(" netns ").Append(Namespace);
        }

        if (MasterIndex is { } master)
        {
            text.Append(" master #").Append(master);
        }

        return text.ToString().TrimStart();
    }
}
