namespace Calico.Sdk.Linux.Interop;

/// <summary>Numeric constants from the Linux UAPI headers (x86-64 and arm64 agree on all of these).</summary>
internal static class Constants
{
    internal const int AF_UNSPEC = 0;
    internal const int AF_INET = 2;
    internal const int AF_BRIDGE = 7;
    internal const int AF_INET6 = 10;
    internal const int AF_NETLINK = 16;

    internal const int SOCK_RAW = 3;
    internal const int SOCK_CLOEXEC = 0x80000;
    internal const int SOCK_NONBLOCK = 0x800;

    internal const int SOL_SOCKET = 1;
    internal const int SO_SNDBUF = 7;
    internal const int SO_RCVBUF = 8;
    internal const int SO_SNDBUFFORCE = 32;
    internal const int SO_RCVBUFFORCE = 33;
    internal const int SOL_NETLINK = 270;
    internal const int NETLINK_ADD_MEMBERSHIP = 1;
    internal const int NETLINK_CAP_ACK = 10;
    internal const int NETLINK_EXT_ACK = 11;
    internal const int NETLINK_GET_STRICT_CHK = 12;

    internal const int NETLINK_ROUTE = 0;
    internal const int NETLINK_NETFILTER = 12;

    internal const int MSG_DONTWAIT = 0x40;
    internal const int MSG_TRUNC = 0x20;

    internal const int O_RDONLY = 0;
    internal const int O_CREAT = 0x40;
    internal const int O_EXCL = 0x80;
    internal const int O_CLOEXEC = 0x80000;

    internal const int CLONE_NEWNET = 0x40000000;

    internal const ulong MS_BIND = 4096;
    internal const ulong MS_REC = 16384;
    internal const ulong MS_SHARED = 1 << 20;
    internal const int MNT_DETACH = 2;

    internal const short POLLIN = 1;

    internal const int IPPROTO_TCP = 6;
    internal const int TCP_MD5SIG = 14;
    internal const int TCP_MD5SIG_EXT = 32;
}
