using System.Net;
using System.Runtime.InteropServices;
using Calico.Sdk.Linux.Interop;

namespace Calico.Sdk.Linux.Netlink;

/// <summary>RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE encoding and route decoding, with iproute2's defaults.</summary>
internal static class RouteCodec
{
    internal static void Encode(NetlinkWriter writer, ushort type, ushort flags, RouteInfo route)
    {
        var destination = route.Destination;
        var family = Codec.Family(destination.BaseAddress);
        var delete = type == Nl.RTM_DELROUTE;
        var message = writer.BeginMessage(type, flags, 0);
        writer.Write(new RtMsg
        {
            Family = family,
            DestinationLength = (byte)destination.PrefixLength,
            Table = route.Table < 256 ? (byte)route.Table : (byte)0,
            Protocol = delete ? (byte)0 : (byte)route.Protocol,
            Scope = (byte)(route.Scope ?? DefaultScope(route, family, delete)),
            Type = delete && route.Type == RouteType.Unicast ? (byte)0 : (byte)route.Type, // iproute2: a plain del matches any type
            Flags = route.OnLink ? Nl.RTNH_F_ONLINK : 0,
        });
        if (destination.PrefixLength > 0)
        {
            writer.Address(Nl.RTA_DST, destination.BaseAddress);
        }

        if (route.Gateway is { } gateway)
        {
            Codec.CheckSameFamily(gateway, family, "gateway", route);
            writer.Address(Nl.RTA_GATEWAY, gateway);
        }

        if (route.Metric is { } metric)
        {
            writer.U32(Nl.RTA_PRIORITY, metric);
        }

        if (route.PreferredSource is { } source)
        {
            Codec.CheckSameFamily(source, family, "preferred source", route);
            writer.Address(Nl.RTA_PREFSRC, source);
        }

        if (route.Table >= 256)
        {
            writer.U32(Nl.RTA_TABLE, route.Table);
        }

        if (route.NextHops.Count > 0)
        {
            MultiPath(writer, route, family);
        }

        if (route.OutputInterface != 0)
        {
            writer.U32(Nl.RTA_OIF, (uint)route.OutputInterface);
        }

        writer.EndMessage(message);
    }

    private static RouteScope DefaultScope(RouteInfo route, byte family, bool delete)
    {
        if (family == Constants.AF_INET6)
        {
            return RouteScope.Universe;
        }

        return route.Type switch
        {
            RouteType.Local => RouteScope.Host,
            RouteType.Broadcast or RouteType.Multicast or RouteType.Anycast => RouteScope.Link,
            RouteType.Unicast or RouteType.Unspecified when delete => RouteScope.Nowhere,
            RouteType.Unicast or RouteType.Unspecified when route.Gateway is null && route.NextHops.Count == 0 => RouteScope.Link,
            _ => RouteScope.Universe,
        };
    }

    private static void MultiPath(NetlinkWriter writer, RouteInfo route, byte family)
    {
        var nested = writer.BeginNested(Nl.RTA_MULTIPATH);
        foreach (var hop in route.NextHops)
        {
            if (hop.Weight is < 1 or > 256)
            {
                throw new ArgumentOutOfRangeException(nameof(route), hop.Weight, $"Next-hop weight in {route} must be 1..256.");
            }

            var start = writer.Length;
            writer.Write(new RtNextHop
            {
                Flags = hop.OnLink ? (byte)Nl.RTNH_F_ONLINK : (byte)0,
                Hops = (byte)(hop.Weight - 1),
                InterfaceIndex = hop.InterfaceIndex,
            });
            if (hop.Gateway is { } gateway)
            {
                Codec.CheckSameFamily(gateway, family, "next-hop gateway", route);
                writer.Address(Nl.RTA_GATEWAY, gateway);
            }

            writer.PatchUInt16(start, (ushort)(writer.Length - start));
        }

        writer.EndNested(nested);
    }

    internal static void Dump(NetlinkWriter writer, byte family)
    {
        var message = writer.BeginMessage(Nl.RTM_GETROUTE, Codec.Dump, 0);
        writer.Write(new RtMsg { Family = family });
        writer.EndMessage(message);
    }

    /// <summary>The table of a route message without decoding the rest (for cheap filtering of dumps).</summary>
    internal static uint TableOf(ReadOnlySpan<byte> payload, out bool cloned)
    {
        var header = MemoryMarshal.Read<RtMsg>(payload);
        cloned = (header.Flags & Nl.RTM_F_CLONED) != 0;
        var attributes = new AttributeReader(payload[12..]);
        while (attributes.Next())
        {
            if (attributes.Type == Nl.RTA_TABLE)
            {
                return attributes.U32;
            }
        }

        return header.Table;
    }

    internal static RouteInfo Decode(ReadOnlySpan<byte> payload)
    {
        var header = MemoryMarshal.Read<RtMsg>(payload);
        IPAddress? destination = null, gateway = null, source = null;
        int oif = 0;
        uint table = header.Table;
        uint? metric = null;
        IReadOnlyList<RouteNextHop> hops = [];
        var attributes = new AttributeReader(payload[12..]);
        while (attributes.Next())
        {
            switch (attributes.Type)
            {
                case Nl.RTA_DST: destination = attributes.Address; break;
                case Nl.RTA_GATEWAY: gateway = attributes.Address; break;
                case Nl.RTA_OIF: oif = attributes.I32; break;
                case Nl.RTA_PRIORITY: metric = attributes.U32; break;
                case Nl.RTA_PREFSRC: source = attributes.Address; break;
                case Nl.RTA_TABLE: table = attributes.U32; break;
                case Nl.RTA_MULTIPATH: hops = DecodeMultiPath(attributes.Value); break;
            }
        }

        destination ??= header.Family == Constants.AF_INET ? IPAddress.Any : IPAddress.IPv6Any;
        return new RouteInfo(new IPNetwork(destination, header.DestinationLength))
        {
            Gateway = gateway,
            OutputInterface = oif,
            Table = table,
            Scope = (RouteScope)header.Scope,
            Protocol = (RouteProtocol)header.Protocol,
            Type = (RouteType)header.Type,
            Metric = metric,
            OnLink = (header.Flags & Nl.RTNH_F_ONLINK) != 0,
            PreferredSource = source,
            NextHops = hops,
        };
    }

    private static List<RouteNextHop> DecodeMultiPath(ReadOnlySpan<byte> value)
    {
        var hops = new List<RouteNextHop>();
        while (value.Length >= 8)
        {
            var hop = MemoryMarshal.Read<RtNextHop>(value);
            if (hop.Length < 8 || hop.Length > value.Length)
            {
                throw new InvalidDataException($"Malformed rtnexthop: length {hop.Length} with {value.Length} bytes left.");
            }

            IPAddress? gateway = null;
            var attributes = new AttributeReader(value[8..hop.Length]);
            while (attributes.Next())
            {
                if (attributes.Type == Nl.RTA_GATEWAY)
                {
                    gateway = attributes.Address;
                }
            }

            hops.Add(new RouteNextHop(gateway, hop.InterfaceIndex) { Weight = hop.Hops + 1, OnLink = (hop.Flags & Nl.RTNH_F_ONLINK) != 0 });
            var advance = NetlinkWriter.Align(hop.Length);
            value = advance >= value.Length ? default : value[advance..];
        }

        return hops;
    }
}
