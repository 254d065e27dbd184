using System.Net;
using System.Net.Sockets;
using System.Text;
using Calico.Sdk.Linux.Interop;
using Calico.Sdk.Linux.Netlink;

namespace Calico.Sdk.Linux;

/// <summary>
/// TCP MD5 signatures (RFC 2385, socket option TCP_MD5SIG), as BGP sessions use for passwords. Set the key on a
/// listening socket before accepting (one key per peer address or prefix), or on a client socket before
/// connecting. Segments without the right signature are dropped silently, so a wrong key shows as a timeout.
/// </summary>
public static class TcpMd5
{
    /// <summary>The longest key the kernel accepts (TCP_MD5SIG_MAXKEYLEN).</summary>
    public const int MaxKeyLength = 80;

    private const byte FlagPrefix = 1;

    /// <summary>Sets the key used with <paramref name="peer"/> (or every address of a prefix).</summary>
    /// <param name="socket">A TCP socket (IPv4, IPv6 or dual-mode).</param>
    /// <param name="peer">The peer address (or prefix base address).</param>
    /// <param name="key">1 to 80 bytes.</param>
    /// <param name="prefixLength">Apply to this prefix of <paramref name="peer"/> (TCP_MD5SIG_EXT), or null.</param>
    /// <exception cref="LinuxSystemException">The kernel rejected the option.</exception>
    public static void SetKey(Socket socket, IPAddress peer, ReadOnlySpan<byte> key, int? prefixLength = null)
    {
        if (key.Length is 0 or > MaxKeyLength)
        {
            throw new ArgumentOutOfRangeException(nameof(key), key.Length, $"A TCP MD5 key must be 1..{MaxKeyLength} bytes.");
        }

        Apply(socket, peer, key, prefixLength, "set TCP MD5 key");
    }

    /// <summary>Sets a password (UTF-8 encoded) as the key for <paramref name="peer"/>.</summary>
    /// <param name="socket">A TCP socket.</param>
    /// <param name="peer">The peer address.</param>
    /// <param name="password">The password.</param>
    public static void SetKey(Socket socket, IPAddress peer, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        SetKey(socket, peer, Encoding.UTF8.GetBytes(password));
    }

    /// <summary>Removes the key for <paramref name="peer"/> (key length 0).</summary>
    /// <param name="socket">A TCP socket.</param>
    /// <param name="peer">The peer address.</param>
    /// <param name="prefixLength">The prefix the key was set for, or null.</param>
    public static void RemoveKey(Socket socket, IPAddress peer, int? prefixLength = null) =>
        Apply(socket, peer, [], prefixLength, "remove TCP MD5 key");

    private static unsafe void Apply(Socket socket, IPAddress peer, ReadOnlySpan<byte> key, int? prefixLength, string operation)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(peer);
        if (socket.AddressFamily == AddressFamily.InterNetworkV6 && peer.AddressFamily == AddressFamily.InterNetwork)
        {
            peer = peer.MapToIPv6(); // a dual-mode socket sees IPv4 peers as ::ffff:a.b.c.d
        }

        var signature = default(TcpMd5Sig);
        var family = Codec.Family(peer);
        if (prefixLength is { } prefix)
        {
            Codec.CheckPrefix(prefix, family, peer);
            signature.Flags = FlagPrefix;
            signature.PrefixLength = (byte)prefix;
        }

        var address = new Span<byte>(signature.Address, 128);
        address[0] = family; // sa_family, little-endian u16
        if (family == Constants.AF_INET)
        {
            peer.TryWriteBytes(address[4..8], out _);
        }
        else
        {
            peer.TryWriteBytes(address[8..24], out _);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(address[24..], (uint)peer.ScopeId);
        }

        signature.KeyLength = (ushort)key.Length;
        key.CopyTo(new Span<byte>(signature.Key, MaxKeyLength));
        var option = prefixLength is null ? Constants.TCP_MD5SIG : Constants.TCP_MD5SIG_EXT;
        if (LibC.SetSockOpt(socket.SafeHandle, Constants.IPPROTO_TCP, option, &signature, (uint)sizeof(TcpMd5Sig)) != 0)
        {
            throw Errno.LastException(operation, "for peer " + peer + (prefixLength is null ? string.Empty : "/" + prefixLength));
        }
    }
}
