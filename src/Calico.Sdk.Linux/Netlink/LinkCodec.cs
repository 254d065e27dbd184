using System.Buffers.Binary;
using System.Net;
using System.Text;
using Calico.Sdk.Linux.Interop;

namespace Calico.Sdk.Linux.Netlink;

/// <summary>RTM_NEWLINK / RTM_DELLINK / RTM_GETLINK encoding and link decoding.</summary>
internal static class LinkCodec
{
    internal static void Add(NetlinkWriter writer, LinkSpec link)
    {
        Codec.CheckInterfaceName(link.Name, nameof(link.Name));
        var message = writer.BeginMessage(Nl.RTM_NEWLINK, Codec.Create, 0);
        writer.Write(new IfInfoMsg { Flags = link.Up ? Nl.IFF_UP : 0, Change = link.Up ? Nl.IFF_UP : 0 });
        writer.String(Nl.IFLA_IFNAME, link.Name);
        Common(writer, link.Mtu, link.MacAddress, link.MasterIndex);
        var info = writer.BeginNested(Nl.IFLA_LINKINFO);
        writer.Bytes(Nl.IFLA_INFO_KIND, Encoding.ASCII.GetBytes(link.Kind));
        switch (link)
        {
            case VethLink veth:
                Codec.CheckInterfaceName(veth.PeerName, nameof(veth.PeerName));
                var data = writer.BeginNested(Nl.IFLA_INFO_DATA);
                var peer = writer.BeginNested(Nl.VETH_INFO_PEER);
                writer.Write(default(IfInfoMsg));
                writer.String(Nl.IFLA_IFNAME, veth.PeerName);
                Common(writer, veth.PeerMtu ?? link.Mtu, veth.PeerMacAddress, null);
                if (veth.PeerNamespace is not null)
                {
                    writer.U32(Nl.IFLA_NET_NS_FD, (uint)veth.PeerNamespace.Handle.DangerousGetHandle());
                }

                writer.EndNested(peer);
                writer.EndNested(data);
                break;
            case VxlanLink vxlan:
                Vxlan(writer, vxlan);
                break;
            case IpipLink ipip:
                Ipip(writer, ipip);
                break;
        }

        writer.EndNested(info);
        writer.EndMessage(message);
    }

    private static void Vxlan(NetlinkWriter writer, VxlanLink vxlan)
    {
        if (vxlan.Vni > 0xFFFFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(vxlan), vxlan.Vni, $"VNI of {vxlan} must fit in 24 bits.");
        }

        var data = writer.BeginNested(Nl.IFLA_INFO_DATA);
        writer.U32(Nl.IFLA_VXLAN_ID, vxlan.Vni);
        if (vxlan.Local is { } local)
        {
            writer.Address(local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? Nl.IFLA_VXLAN_LOCAL : Nl.IFLA_VXLAN_LOCAL6, local);
        }

        if (vxlan.ParentIndex is { } parent)
        {
            writer.U32(Nl.IFLA_VXLAN_LINK, (uint)parent);
        }

        // iproute2's order: options as given, the destination port last.
        writer.U8(Nl.IFLA_VXLAN_LEARNING, vxlan.Learning ? (byte)1 : (byte)0);
        writer.U16BigEndian(Nl.IFLA_VXLAN_PORT, vxlan.Port);
        writer.EndNested(data);
    }

    private static void Ipip(NetlinkWriter writer, IpipLink ipip)
    {
        var data = writer.BeginNested(Nl.IFLA_INFO_DATA);
        if (ipip.ParentIndex is { } parent)
        {
            writer.U32(Nl.IFLA_IPTUN_LINK, (uint)parent);
        }

        if (ipip.Local is { } local)
        {
            Codec.CheckSameFamily(local, Constants.AF_INET, "local", ipip);
            writer.Address(Nl.IFLA_IPTUN_LOCAL, local);
        }

        if (ipip.Remote is { } remote)
        {
            Codec.CheckSameFamily(remote, Constants.AF_INET, "remote", ipip);
            writer.Address(Nl.IFLA_IPTUN_REMOTE, remote);
        }

        writer.U8(Nl.IFLA_IPTUN_TTL, ipip.Ttl);
        writer.EndNested(data);
    }

    private static void Common(NetlinkWriter writer, int? mtu, System.Net.NetworkInformation.PhysicalAddress? mac, int? master)
    {
        if (mtu is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, nameof(mtu));
            writer.U32(Nl.IFLA_MTU, (uint)value);
        }

        if (mac is not null)
        {
            Codec.Mac(writer, Nl.IFLA_ADDRESS, mac);
        }

        if (master is { } index)
        {
            writer.U32(Nl.IFLA_MASTER, (uint)index);
        }
    }

    /// <summary><c>ip link set</c>: by index, or by name when <paramref name="index"/> is 0.</summary>
    internal static void Set(NetlinkWriter writer, int index, string? name, LinkSettings settings)
    {
        var message = writer.BeginMessage(Nl.RTM_NEWLINK, Codec.Request, 0);
        var up = settings.Up is { } u ? (u ? Nl.IFF_UP : 0u) : 0u;
        writer.Write(new IfInfoMsg { Index = index, Flags = up, Change = settings.Up is null ? 0 : Nl.IFF_UP });
        if (index == 0)
        {
            Codec.CheckInterfaceName(name!, nameof(name));
            if (settings.Name is not null)
            {
                throw new ArgumentException($"Renaming link '{name}' needs its ifindex, not its name.", nameof(settings));
            }

            writer.String(Nl.IFLA_IFNAME, name!);
        }
        else if (settings.Name is { } newName)
        {
            Codec.CheckInterfaceName(newName, nameof(settings.Name));
            writer.String(Nl.IFLA_IFNAME, newName);
        }

        Common(writer, settings.Mtu, settings.MacAddress, settings.MasterIndex);
        if (settings.Namespace is { } ns)
        {
            writer.U32(Nl.IFLA_NET_NS_FD, (uint)ns.Handle.DangerousGetHandle());
        }

        writer.EndMessage(message);
    }

    internal static void Delete(NetlinkWriter writer, int index, string? name)
    {
        var message = writer.BeginMessage(Nl.RTM_DELLINK, Codec.Request, 0);
        writer.Write(new IfInfoMsg { Index = index });
        if (index == 0)
        {
            Codec.CheckInterfaceName(name!, nameof(name));
            writer.String(Nl.IFLA_IFNAME, name!);
        }

        writer.EndMessage(message);
    }

    /// <summary>RTM_GETLINK: a dump when both are empty, else one link by index or name.</summary>
    internal static void Get(NetlinkWriter writer, int index, string? name)
    {
        var dump = index == 0 && name is null;
        var message = writer.BeginMessage(Nl.RTM_GETLINK, dump ? Codec.Dump : Nl.NLM_F_REQUEST, 0);
        writer.Write(new IfInfoMsg { Index = index });
        if (name is not null)
        {
            Codec.CheckInterfaceName(name, nameof(name));
            writer.String(Nl.IFLA_IFNAME, name);
        }

        writer.EndMessage(message);
    }

    internal static LinkInfo Decode(ReadOnlySpan<byte> payload)
    {
        var header = System.Runtime.InteropServices.MemoryMarshal.Read<IfInfoMsg>(payload);
        string name = string.Empty;
        string? kind = null;
        int mtu = 0, master = 0, link = 0;
        int? netnsId = null;
        byte operState = 0;
        System.Net.NetworkInformation.PhysicalAddress? mac = null;
        VxlanLink? vxlan = null;
        var attributes = new AttributeReader(payload[16..]);
        while (attributes.Next())
        {
            switch (attributes.Type)
            {
                case Nl.IFLA_IFNAME: name = attributes.String; break;
                case Nl.IFLA_MTU: mtu = attributes.I32; break;
                case Nl.IFLA_ADDRESS: mac = Codec.Mac(attributes.Value); break;
                case Nl.IFLA_MASTER: master = attributes.I32; break;
                case Nl.IFLA_LINK: link = attributes.I32; break;
                case Nl.IFLA_LINK_NETNSID: netnsId = attributes.I32; break;
                case Nl.IFLA_OPERSTATE: operState = attributes.U8; break;
                case Nl.IFLA_LINKINFO: (kind, vxlan) = DecodeLinkInfo(attributes.Value); break;
            }
        }

        return new LinkInfo
        {
            Index = header.Index,
            Name = name,
            Kind = kind,
            Flags = header.Flags,
            Mtu = mtu,
            MacAddress = mac,
            MasterIndex = master,
            LinkIndex = link,
            LinkNetnsId = netnsId,
            OperationalState = operState,
            Vxlan = vxlan is null ? null : vxlan with { Name = name },
        };
    }

    private static (string? Kind, VxlanLink? Vxlan) DecodeLinkInfo(ReadOnlySpan<byte> value)
    {
        string? kind = null;
        VxlanLink? vxlan = null;
        var info = new AttributeReader(value);
        while (info.Next())
        {
            if (info.Type == Nl.IFLA_INFO_KIND)
            {
                kind = info.String;
            }
            else if (info.Type == Nl.IFLA_INFO_DATA && kind == "vxlan")
            {
                vxlan = DecodeVxlan(info.Value);
            }
        }

        return (kind, vxlan);
    }

    private static VxlanLink DecodeVxlan(ReadOnlySpan<byte> value)
    {
        uint vni = 0;
        ushort port = 0;
        IPAddress? local = null;
        bool learning = false;
        int? parent = null;
        var data = new AttributeReader(value);
        while (data.Next())
        {
            switch (data.Type)
            {
                case Nl.IFLA_VXLAN_ID: vni = data.U32; break;
                case Nl.IFLA_VXLAN_PORT: port = BinaryPrimitives.ReadUInt16BigEndian(data.Value); break;
                case Nl.IFLA_VXLAN_LOCAL or Nl.IFLA_VXLAN_LOCAL6: local = data.Address; break;
                case Nl.IFLA_VXLAN_LEARNING: learning = data.U8 != 0; break;
                case Nl.IFLA_VXLAN_LINK: parent = data.I32 == 0 ? null : data.I32; break;
            }
        }

        return new VxlanLink(string.Empty, vni) { Port = port, Local = local, Learning = learning, ParentIndex = parent };
    }
}
