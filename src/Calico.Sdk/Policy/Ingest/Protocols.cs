using Calico.Sdk.Resources;

namespace Calico.Sdk.Policy.Ingest;

/// <summary>Protocol names and numbers as Calico accepts them.</summary>
internal static class Protocols
{
    public const byte Icmp = 1;
    public const byte Tcp = 6;
    public const byte Udp = 17;
    public const byte IcmpV6 = 58;
    public const byte Sctp = 132;

    public static bool TryGetNumber(ProtocolValue value, out byte number)
    {
        number = 0;
        if (value.Number is { } n)
        {
            if (n is < 1 or > 255)
            {
                return false;
            }

            number = (byte)n;
            return true;
        }

        return TryGetNumber(value.Name, out number);
    }

    public static bool TryGetNumber(string? name, out byte number)
    {
        number = name?.ToUpperInvariant() switch
        {
            "TCP" => Tcp,
            "UDP" => Udp,
            "ICMP" => Icmp,
            "ICMPV6" => IcmpV6,
            "SCTP" => Sctp,
            "UDPLITE" => 136,
            _ => 0,
        };
        return number != 0;
    }

    public static bool HasPorts(byte protocol) => protocol is Tcp or Udp or Sctp;
}
