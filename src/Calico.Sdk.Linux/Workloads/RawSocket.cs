using System.Globalization;
using System.Net.Sockets;
using Calico.Sdk.Linux.Interop;

namespace Calico.Sdk.Linux.Workloads;

/// <summary>
/// Raw IP sockets for protocols the .NET <see cref="Socket"/> constructor refuses (it only knows a fixed list, so
/// <c>socket(AF_INET, SOCK_RAW, 132)</c> for SCTP is rejected before it reaches the kernel). Used to send and watch
/// SCTP INIT packets on kernels without SCTP sockets, e.g. to check workload connectivity.
/// </summary>
public static class RawSocket
{
    /// <summary>Opens a raw socket for <paramref name="protocol"/>, inside <paramref name="ns"/> when given.</summary>
    /// <param name="ns">The namespace the socket belongs to, or null for the caller's.</param>
    /// <param name="family">InterNetwork or InterNetworkV6.</param>
    /// <param name="protocol">The IP protocol number (1–254), e.g. 132 for SCTP.</param>
    /// <returns>The socket; receiving returns whole IPv4 packets (header included) or IPv6 payloads.</returns>
    /// <exception cref="LinuxSystemException">The kernel refused (e.g. EPERM without CAP_NET_RAW).</exception>
    public static Socket Open(NetworkNamespace? ns, AddressFamily family, int protocol)
    {
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentOutOfRangeException(nameof(family), family, "raw IP sockets are InterNetwork or InterNetworkV6");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(protocol, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(protocol, 254);
        var domain = family == AddressFamily.InterNetwork ? Constants.AF_INET : Constants.AF_INET6;
        int Create()
        {
            var fd = LibC.Socket(domain, Constants.SOCK_RAW | Constants.SOCK_CLOEXEC, protocol);
            return fd >= 0 ? fd : throw Errno.LastException("socket", "raw " + family + " protocol " + protocol.ToString(CultureInfo.InvariantCulture));
        }

        var handle = ns is null ? Create() : ns.Run(Create);
        return new Socket(new SafeSocketHandle(handle, ownsHandle: true));
    }
}
