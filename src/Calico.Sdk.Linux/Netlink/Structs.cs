using System.Runtime.InteropServices;

namespace Calico.Sdk.Linux.Netlink;

// Fixed headers of netlink messages, laid out exactly as in the kernel UAPI headers (checked by a test that
// compiles a C program against <linux/*.h>).

/// <summary>struct nlmsghdr (linux/netlink.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NlMsgHdr
{
    public uint Length;
    public ushort Type;
    public ushort Flags;
    public uint Sequence;
    public uint PortId;
}

/// <summary>struct nlmsgerr without the echoed request (NETLINK_CAP_ACK set).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NlMsgErr
{
    public int Error;
    public NlMsgHdr Request;
}

/// <summary>struct sockaddr_nl.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SockAddrNl
{
    public ushort Family;
    public ushort Pad;
    public uint PortId;
    public uint Groups;
}

/// <summary>struct ifinfomsg (linux/rtnetlink.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IfInfoMsg
{
    public byte Family;
    public byte Pad;
    public ushort Type;
    public int Index;
    public uint Flags;
    public uint Change;
}

/// <summary>struct ifaddrmsg (linux/if_addr.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IfAddrMsg
{
    public byte Family;
    public byte PrefixLength;
    public byte Flags;
    public byte Scope;
    public int Index;
}

/// <summary>struct rtmsg (linux/rtnetlink.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RtMsg
{
    public byte Family;
    public byte DestinationLength;
    public byte SourceLength;
    public byte Tos;
    public byte Table;
    public byte Protocol;
    public byte Scope;
    public byte Type;
    public uint Flags;
}

/// <summary>struct rtnexthop (linux/rtnetlink.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RtNextHop
{
    public ushort Length;
    public byte Flags;
    public byte Hops;
    public int InterfaceIndex;
}

/// <summary>struct ndmsg (linux/neighbour.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NdMsg
{
    public byte Family;
    public byte Pad1;
    public ushort Pad2;
    public int InterfaceIndex;
    public ushort State;
    public byte Flags;
    public byte Type;
}

/// <summary>struct fib_rule_hdr (linux/fib_rules.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FibRuleHdr
{
    public byte Family;
    public byte DestinationLength;
    public byte SourceLength;
    public byte Tos;
    public byte Table;
    public byte Reserved1;
    public byte Reserved2;
    public byte Action;
    public uint Flags;
}

/// <summary>struct nfgenmsg (linux/netfilter/nfnetlink.h). ResourceId is big-endian.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NfGenMsg
{
    public byte Family;
    public byte Version;
    public ushort ResourceId;
}

/// <summary>struct tcp_md5sig (linux/tcp.h): sockaddr_storage, flags, prefix length, key length, ifindex, key.</summary>
[StructLayout(LayoutKind.Sequential, Size = 216)]
internal unsafe struct TcpMd5Sig
{
    public fixed byte Address[128];
    public byte Flags;
    public byte PrefixLength;
    public ushort KeyLength;
    public int InterfaceIndex;
    public fixed byte Key[80];
}
