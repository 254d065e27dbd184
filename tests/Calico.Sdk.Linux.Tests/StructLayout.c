/* Prints sizeof/offsetof of the kernel structs Calico.Sdk.Linux mirrors; StructLayoutTests compares them. */
#include <stddef.h>
#include <stdio.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <linux/fib_rules.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/tcp.h>

#define SIZE(t) printf("%s sizeof %zu\n", #t, sizeof(struct t))
#define OFF(t, f) printf("%s %s %zu\n", #t, #f, offsetof(struct t, f))

int main(void)
{
    SIZE(nlmsghdr); OFF(nlmsghdr, nlmsg_len); OFF(nlmsghdr, nlmsg_type); OFF(nlmsghdr, nlmsg_flags); OFF(nlmsghdr, nlmsg_seq); OFF(nlmsghdr, nlmsg_pid);
    SIZE(nlmsgerr); OFF(nlmsgerr, error); OFF(nlmsgerr, msg);
    SIZE(sockaddr_nl); OFF(sockaddr_nl, nl_family); OFF(sockaddr_nl, nl_pid); OFF(sockaddr_nl, nl_groups);
    SIZE(ifinfomsg); OFF(ifinfomsg, ifi_family); OFF(ifinfomsg, ifi_type); OFF(ifinfomsg, ifi_index); OFF(ifinfomsg, ifi_flags); OFF(ifinfomsg, ifi_change);
    SIZE(ifaddrmsg); OFF(ifaddrmsg, ifa_family); OFF(ifaddrmsg, ifa_prefixlen); OFF(ifaddrmsg, ifa_flags); OFF(ifaddrmsg, ifa_scope); OFF(ifaddrmsg, ifa_index);
    SIZE(rtmsg); OFF(rtmsg, rtm_family); OFF(rtmsg, rtm_dst_len); OFF(rtmsg, rtm_src_len); OFF(rtmsg, rtm_tos); OFF(rtmsg, rtm_table); OFF(rtmsg, rtm_protocol); OFF(rtmsg, rtm_scope); OFF(rtmsg, rtm_type); OFF(rtmsg, rtm_flags);
    SIZE(rtnexthop); OFF(rtnexthop, rtnh_len); OFF(rtnexthop, rtnh_flags); OFF(rtnexthop, rtnh_hops); OFF(rtnexthop, rtnh_ifindex);
    SIZE(ndmsg); OFF(ndmsg, ndm_family); OFF(ndmsg, ndm_ifindex); OFF(ndmsg, ndm_state); OFF(ndmsg, ndm_flags); OFF(ndmsg, ndm_type);
    SIZE(fib_rule_hdr); OFF(fib_rule_hdr, family); OFF(fib_rule_hdr, dst_len); OFF(fib_rule_hdr, src_len); OFF(fib_rule_hdr, tos); OFF(fib_rule_hdr, table); OFF(fib_rule_hdr, action); OFF(fib_rule_hdr, flags);
    SIZE(nfgenmsg); OFF(nfgenmsg, nfgen_family); OFF(nfgenmsg, version); OFF(nfgenmsg, res_id);
    SIZE(tcp_md5sig); OFF(tcp_md5sig, tcpm_addr); OFF(tcp_md5sig, tcpm_flags); OFF(tcp_md5sig, tcpm_prefixlen); OFF(tcp_md5sig, tcpm_keylen); OFF(tcp_md5sig, tcpm_ifindex); OFF(tcp_md5sig, tcpm_key);
    return 0;
}
