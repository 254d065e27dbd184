using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using Calico.Sdk.Linux.Interop;

namespace Calico.Sdk.Linux.Netlink;

/// <summary>Helpers shared by the per-object codecs: flag sets, family mapping and input validation.</summary>
internal static class Codec
{
    internal const ushort Request = Nl.NLM_F_REQUEST | Nl.NLM_F_ACK;
    internal const ushort Create = Request | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL;
    internal const ushort Replace = Request | Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE;
    internal const ushort Append = Request | Nl.NLM_F_CREATE | Nl.NLM_F_APPEND;
    internal const ushort Dump = Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP;

    internal static byte Family(IPAddress address) => Family(address.AddressFamily);

    internal static byte Family(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => Constants.AF_INET,
        AddressFamily.InterNetworkV6 => Constants.AF_INET6,
        AddressFamily.Unspecified => Constants.AF_UNSPEC,
        _ => throw new ArgumentException($"Address family {family} is not IPv4 or IPv6.", nameof(family)),
    };

    internal static AddressFamily FromFamily(byte family) => family switch
    {
        Constants.AF_INET => AddressFamily.InterNetwork,
        Constants.AF_INET6 => AddressFamily.InterNetworkV6,
        _ => AddressFamily.Unspecified,
    };

    /// <summary>IFNAMSIZ is 16 including the terminating NUL.</summary>
    internal static void CheckInterfaceName(string name, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, what);
        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > 15 || name.Contains('/', StringComparison.Ordinal) || name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"Invalid interface name '{name}' ({what}): at most 15 bytes, no '/' or whitespace.", what);
        }
    }

    internal static void CheckSameFamily(IPAddress address, byte family, string what, object owner)
    {
        if (Family(address) != family)
        {
            throw new ArgumentException($"{what} {address} is not in the same address family as {owner}.", what);
        }
    }

    internal static int MaxPrefix(byte family) => family == Constants.AF_INET ? 32 : 128;

    internal static void CheckPrefix(int prefixLength, byte family, object owner)
    {
        if (prefixLength < 0 || prefixLength > MaxPrefix(family))
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength), prefixLength, $"Prefix length of {owner} must be 0..{MaxPrefix(family)}.");
        }
    }

    internal static PhysicalAddress Mac(ReadOnlySpan<byte> value) => new(value.ToArray());

    internal static void Mac(NetlinkWriter writer, ushort type, PhysicalAddress mac)
    {
        var bytes = mac.GetAddressBytes();
        if (bytes.Length == 0)
        {
            throw new ArgumentException("A MAC address must not be empty.", nameof(mac));
        }

        writer.Bytes(type, bytes);
    }

    /// <summary>The network with host bits checked, so a typo like 10.0.0.1/24 is reported instead of guessed.</summary>
    internal static IPNetwork Network(IPAddress address, int prefixLength) => new(address, prefixLength);
}
