namespace Calico.Sdk.Linux.Netlink;

/// <summary>Netlink message types, flags and attribute numbers (linux/netlink.h, rtnetlink.h, if_link.h, ...).</summary>
internal static class Nl
{
    // nlmsghdr types and flags.
    internal const ushort NLMSG_NOOP = 1;
    internal const ushort NLMSG_ERROR = 2;
    internal const ushort NLMSG_DONE = 3;
    internal const ushort NLMSG_OVERRUN = 4;
    internal const ushort NLM_F_REQUEST = 0x1;
    internal const ushort NLM_F_MULTI = 0x2;
    internal const ushort NLM_F_ACK = 0x4;
    internal const ushort NLM_F_DUMP_INTR = 0x10;
    internal const ushort NLM_F_ROOT = 0x100;
    internal const ushort NLM_F_MATCH = 0x200;
    internal const ushort NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    internal const ushort NLM_F_REPLACE = 0x100;
    internal const ushort NLM_F_EXCL = 0x200;
    internal const ushort NLM_F_CREATE = 0x400;
    internal const ushort NLM_F_APPEND = 0x800;
    internal const ushort NLM_F_CAPPED = 0x100;
    internal const ushort NLM_F_ACK_TLVS = 0x200;
    internal const ushort NLMSGERR_ATTR_MSG = 1;

    // rtnetlink message types.
    internal const ushort RTM_NEWLINK = 16;
    internal const ushort RTM_DELLINK = 17;
    internal const ushort RTM_GETLINK = 18;
    internal const ushort RTM_SETLINK = 19;
    internal const ushort RTM_NEWADDR = 20;
    internal const ushort RTM_DELADDR = 21;
    internal const ushort RTM_GETADDR = 22;
    internal const ushort RTM_NEWROUTE = 24;
    internal const ushort RTM_DELROUTE = 25;
    internal const ushort RTM_GETROUTE = 26;
    internal const ushort RTM_NEWNEIGH = 28;
    internal const ushort RTM_DELNEIGH = 29;
    internal const ushort RTM_GETNEIGH = 30;
    internal const ushort RTM_NEWRULE = 32;
    internal const ushort RTM_DELRULE = 33;
    internal const ushort RTM_GETRULE = 34;

    // Multicast groups (bit numbers are group - 1 in sockaddr_nl.nl_groups; we use NETLINK_ADD_MEMBERSHIP).
    internal const int RTNLGRP_LINK = 1;
    internal const int RTNLGRP_NEIGH = 3;
    internal const int RTNLGRP_IPV4_IFADDR = 5;
    internal const int RTNLGRP_IPV4_ROUTE = 7;
    internal const int RTNLGRP_IPV6_IFADDR = 9;
    internal const int RTNLGRP_IPV6_ROUTE = 11;

    // Link attributes (if_link.h).
    internal const ushort IFLA_ADDRESS = 1;
    internal const ushort IFLA_BROADCAST = 2;
    internal const ushort IFLA_IFNAME = 3;
    internal const ushort IFLA_MTU = 4;
    internal const ushort IFLA_LINK = 5;
    internal const ushort IFLA_MASTER = 10;
    internal const ushort IFLA_OPERSTATE = 16;
    internal const ushort IFLA_LINKINFO = 18;
    internal const ushort IFLA_NET_NS_PID = 19;
    internal const ushort IFLA_NET_NS_FD = 28;
    internal const ushort IFLA_LINK_NETNSID = 37;
    internal const ushort IFLA_INFO_KIND = 1;
    internal const ushort IFLA_INFO_DATA = 2;
    internal const ushort VETH_INFO_PEER = 1;
    internal const ushort IFLA_VXLAN_ID = 1;
    internal const ushort IFLA_VXLAN_LINK = 3;
    internal const ushort IFLA_VXLAN_LOCAL = 4;
    internal const ushort IFLA_VXLAN_LEARNING = 7;
    internal const ushort IFLA_VXLAN_PORT = 15;
    internal const ushort IFLA_VXLAN_LOCAL6 = 17;
    internal const ushort IFLA_IPTUN_LINK = 1;
    internal const ushort IFLA_IPTUN_LOCAL = 2;
    internal const ushort IFLA_IPTUN_REMOTE = 3;
    internal const ushort IFLA_IPTUN_TTL = 4;
    internal const uint IFF_UP = 0x1;
    internal const uint IFF_LOOPBACK = 0x8;
    internal const uint IFF_LOWER_UP = 0x10000;

    // Address attributes (if_addr.h).
    internal const ushort IFA_ADDRESS = 1;
    internal const ushort IFA_LOCAL = 2;
    internal const ushort IFA_LABEL = 3;
    internal const ushort IFA_BROADCAST = 4;
    internal const ushort IFA_FLAGS = 8;
    internal const uint IFA_F_NODAD = 0x02;
    internal const uint IFA_F_PERMANENT = 0x80;

    // Route attributes (rtnetlink.h).
    internal const ushort RTA_DST = 1;
    internal const ushort RTA_SRC = 2;
    internal const ushort RTA_IIF = 3;
    internal const ushort RTA_OIF = 4;
    internal const ushort RTA_GATEWAY = 5;
    internal const ushort RTA_PRIORITY = 6;
    internal const ushort RTA_PREFSRC = 7;
    internal const ushort RTA_MULTIPATH = 9;
    internal const ushort RTA_TABLE = 15;
    internal const ushort RTA_VIA = 18;
    internal const uint RTNH_F_ONLINK = 4;
    internal const uint RTM_F_CLONED = 0x200;

    // Neighbour attributes (neighbour.h).
    internal const ushort NDA_DST = 1;
    internal const ushort NDA_LLADDR = 2;
    internal const ushort NDA_MASTER = 9;
    internal const ushort NDA_PORT = 6;
    internal const ushort NDA_VNI = 7;
    internal const ushort NDA_IFINDEX = 8;
    internal const ushort NUD_PERMANENT = 0x80;
    internal const ushort NUD_NOARP = 0x40;
    internal const byte NTF_SELF = 0x02;
    internal const byte NTF_MASTER = 0x04;

    // Policy rule attributes (fib_rules.h).
    internal const ushort FRA_DST = 1;
    internal const ushort FRA_SRC = 2;
    internal const ushort FRA_IIFNAME = 3;
    internal const ushort FRA_PRIORITY = 6;
    internal const ushort FRA_FWMARK = 10;
    internal const ushort FRA_TABLE = 15;
    internal const ushort FRA_FWMASK = 16;
    internal const ushort FRA_OIFNAME = 17;
    internal const byte FR_ACT_TO_TBL = 1;
}
