using System.Net;
using System.Runtime.InteropServices;
using Calico.Sdk.Linux.Interop;

namespace Calico.Sdk.Linux.Netlink;

/// <summary>RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR encoding and address decoding (iproute2's layout: IFA_LOCAL
/// and IFA_ADDRESS both carry the address when there is no peer).</summary>
internal static class AddressCodec
{
    internal static void Encode(NetlinkWriter writer, ushort type, ushort flags, AddressInfo address)
    {
        ArgumentNullException.ThrowIfNull(address.Address);
        var family = Codec.Family(address.Address);
        Codec.CheckPrefix(address.PrefixLength, family, address);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(address.InterfaceIndex, nameof(address.InterfaceIndex));
        var ifaFlags = address.NoDad ? Nl.IFA_F_NODAD : 0u;
        var message = writer.BeginMessage(type, flags, 0);
        writer.Write(new IfAddrMsg
        {
            Family = family,
            PrefixLength = (byte)address.PrefixLength,
            Flags = (byte)ifaFlags,
            Scope = address.Scope ?? (type == Nl.RTM_DELADDR ? (byte)0 : DefaultScope(address.Address)),
            Index = address.InterfaceIndex,
        });
        writer.Address(Nl.IFA_LOCAL, address.Address);
        writer.Address(Nl.IFA_ADDRESS, address.Address);
        if (address.Label is { } label)
        {
            writer.String(Nl.IFA_LABEL, label);
        }

        writer.EndMessage(message);
    }

    /// <summary>iproute2's default_scope(): host for loopback, link for IPv6 link-local, else global.</summary>
    private static byte DefaultScope(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return (byte)RouteScope.Host;
        }

        return address.IsIPv6LinkLocal ? (byte)RouteScope.Link : (byte)0;
    }

    internal static void Dump(NetlinkWriter writer, byte family)
    {
        var message = writer.BeginMessage(Nl.RTM_GETADDR, Codec.Dump, 0);
        writer.Write(new IfAddrMsg { Family = family });
        writer.EndMessage(message);
    }

    internal static AddressInfo Decode(ReadOnlySpan<byte> payload)
    {
        var header = MemoryMarshal.Read<IfAddrMsg>(payload);
        IPAddress? local = null, address = null;
        string? label = null;
        uint flags = header.Flags;
        var attributes = new AttributeReader(payload[8..]);
        while (attributes.Next())
        {
            switch (attributes.Type)
            {
                case Nl.IFA_LOCAL: local = attributes.Address; break;
                case Nl.IFA_ADDRESS: address = attributes.Address; break;
                case Nl.IFA_LABEL: label = attributes.String; break;
                case Nl.IFA_FLAGS: flags = attributes.U32; break;
            }
        }

        var value = local ?? address ?? (header.Family == Constants.AF_INET ? IPAddress.Any : IPAddress.IPv6Any);
        return new AddressInfo(header.Index, value, header.PrefixLength)
        {
            Scope = header.Scope,
            Flags = flags,
            NoDad = (flags & Nl.IFA_F_NODAD) != 0,
            Label = label,
        };
    }
}
