namespace Calico.Routing.Bgp.Wire;

/// <summary>The address families this speaker carries (AFI/SAFI pairs, RFC 4760).</summary>
internal enum BgpFamily : byte
{
    /// <summary>AFI 1, SAFI 1.</summary>
    IPv4Unicast = 0,

    /// <summary>AFI 2, SAFI 1.</summary>
    IPv6Unicast = 1,
}

/// <summary>AFI/SAFI numbers on the wire.</summary>
internal static class BgpFamilies
{
    public const ushort AfiIPv4 = 1;
    public const ushort AfiIPv6 = 2;
    public const byte SafiUnicast = 1;

    /// <summary>Maps an AFI/SAFI pair to a family this speaker supports.</summary>
    public static bool TryFromWire(ushort afi, byte safi, out BgpFamily family)
    {
        family = afi == AfiIPv6 ? BgpFamily.IPv6Unicast : BgpFamily.IPv4Unicast;
        return safi == SafiUnicast && afi is AfiIPv4 or AfiIPv6;
    }

    public static ushort Afi(this BgpFamily family) => family == BgpFamily.IPv6Unicast ? AfiIPv6 : AfiIPv4;

    public static int MaxPrefixLength(this BgpFamily family) => family == BgpFamily.IPv6Unicast ? 128 : 32;
}
