using System.Net;
using System.Net.NetworkInformation;
using System.Runtime.InteropServices;
using Calico.Sdk.Linux.Interop;

namespace Calico.Sdk.Linux.Netlink;

/// <summary>RTM_NEWNEIGH / RTM_DELNEIGH / RTM_GETNEIGH for ARP/NDP entries and bridge FDB entries (AF_BRIDGE).</summary>
internal static class NeighbourCodec
{
    internal static void Encode(NetlinkWriter writer, ushort type, ushort flags, NeighbourInfo neighbour)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(neighbour.InterfaceIndex, nameof(neighbour.InterfaceIndex));
        var message = writer.BeginMessage(type, flags, 0);
        writer.Write(new NdMsg
        {
            Family = Codec.Family(neighbour.Address),
            InterfaceIndex = neighbour.InterfaceIndex,
            State = type == Nl.RTM_DELNEIGH ? (ushort)0 : neighbour.State,
        });
        writer.Address(Nl.NDA_DST, neighbour.Address);
        if (neighbour.LinkAddress is { } mac && type != Nl.RTM_DELNEIGH)
        {
            Codec.Mac(writer, Nl.NDA_LLADDR, mac);
        }

        writer.EndMessage(message);
    }

    internal static void Encode(NetlinkWriter writer, ushort type, ushort flags, FdbEntry entry)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(entry.InterfaceIndex, nameof(entry.InterfaceIndex));
        var message = writer.BeginMessage(type, flags, 0);
        writer.Write(new NdMsg
        {
            Family = Constants.AF_BRIDGE,
            InterfaceIndex = entry.InterfaceIndex,
            State = entry.Permanent ? (ushort)(Nl.NUD_PERMANENT | Nl.NUD_NOARP) : (ushort)0x02, // iproute2: permanent = PERMANENT|NOARP
            Flags = entry.Self ? Nl.NTF_SELF : Nl.NTF_MASTER,
        });
        Codec.Mac(writer, Nl.NDA_LLADDR, entry.MacAddress);
        if (entry.Destination is { } destination)
        {
            writer.Address(Nl.NDA_DST, destination);
        }

        if (entry.Port is { } port)
        {
            writer.U16BigEndian(Nl.NDA_PORT, port);
        }

        if (entry.Vni is { } vni)
        {
            writer.U32(Nl.NDA_VNI, vni);
        }

        writer.EndMessage(message);
    }

    internal static void Dump(NetlinkWriter writer, byte family)
    {
        var message = writer.BeginMessage(Nl.RTM_GETNEIGH, Codec.Dump, 0);
        writer.Write(new NdMsg { Family = family });
        writer.EndMessage(message);
    }

    internal static NeighbourInfo? DecodeNeighbour(ReadOnlySpan<byte> payload)
    {
        var header = MemoryMarshal.Read<NdMsg>(payload);
        IPAddress? address = null;
        PhysicalAddress? mac = null;
        var attributes = new AttributeReader(payload[12..]);
        while (attributes.Next())
        {
            switch (attributes.Type)
            {
                case Nl.NDA_DST: address = attributes.Address; break;
                case Nl.NDA_LLADDR: mac = Codec.Mac(attributes.Value); break;
            }
        }

        return address is null ? null : new NeighbourInfo(header.InterfaceIndex, address, mac) { State = header.State };
    }

    internal static FdbEntry? DecodeFdb(ReadOnlySpan<byte> payload)
    {
        var header = MemoryMarshal.Read<NdMsg>(payload);
        IPAddress? destination = null;
        PhysicalAddress? mac = null;
        uint? vni = null;
        ushort? port = null;
        var attributes = new AttributeReader(payload[12..]);
        while (attributes.Next())
        {
            switch (attributes.Type)
            {
                case Nl.NDA_DST: destination = attributes.Address; break;
                case Nl.NDA_LLADDR: mac = Codec.Mac(attributes.Value); break;
                case Nl.NDA_VNI: vni = attributes.U32; break;
                case Nl.NDA_PORT: port = attributes.U16BigEndian; break;
            }
        }

        return mac is null ? null : new FdbEntry(header.InterfaceIndex, mac)
        {
            Destination = destination,
            Vni = vni,
            Port = port,
            Permanent = (header.State & Nl.NUD_PERMANENT) != 0,
            Self = (header.Flags & Nl.NTF_SELF) != 0,
        };
    }
}
