using System.Diagnostics;
using System.Runtime.InteropServices;
using Calico.Sdk.Linux.Netlink;
using Calico.TestSupport;
using Xunit;

namespace Calico.Sdk.Linux.Tests;

/// <summary>Compiles StructLayout.c against the installed kernel headers and checks every size and offset.</summary>
public sealed class StructLayoutTests
{
    // C struct.field → (C# type, C# field). "sizeof" rows compare Marshal.SizeOf.
    private static readonly Dictionary<string, (Type Type, string? Field)> Map = new()
    {
        ["nlmsghdr sizeof"] = (typeof(NlMsgHdr), null),
        ["nlmsghdr nlmsg_len"] = (typeof(NlMsgHdr), nameof(NlMsgHdr.Length)),
        ["nlmsghdr nlmsg_type"] = (typeof(NlMsgHdr), nameof(NlMsgHdr.Type)),
        ["nlmsghdr nlmsg_flags"] = (typeof(NlMsgHdr), nameof(NlMsgHdr.Flags)),
        ["nlmsghdr nlmsg_seq"] = (typeof(NlMsgHdr), nameof(NlMsgHdr.Sequence)),
        ["nlmsghdr nlmsg_pid"] = (typeof(NlMsgHdr), nameof(NlMsgHdr.PortId)),
        ["nlmsgerr sizeof"] = (typeof(NlMsgErr), null),
        ["nlmsgerr error"] = (typeof(NlMsgErr), nameof(NlMsgErr.Error)),
        ["nlmsgerr msg"] = (typeof(NlMsgErr), nameof(NlMsgErr.Request)),
        ["sockaddr_nl sizeof"] = (typeof(SockAddrNl), null),
        ["sockaddr_nl nl_family"] = (typeof(SockAddrNl), nameof(SockAddrNl.Family)),
        ["sockaddr_nl nl_pid"] = (typeof(SockAddrNl), nameof(SockAddrNl.PortId)),
        ["sockaddr_nl nl_groups"] = (typeof(SockAddrNl), nameof(SockAddrNl.Groups)),
        ["ifinfomsg sizeof"] = (typeof(IfInfoMsg), null),
        ["ifinfomsg ifi_family"] = (typeof(IfInfoMsg), nameof(IfInfoMsg.Family)),
        ["ifinfomsg ifi_type"] = (typeof(IfInfoMsg), nameof(IfInfoMsg.Type)),
        ["ifinfomsg ifi_index"] = (typeof(IfInfoMsg), nameof(IfInfoMsg.Index)),
        ["ifinfomsg ifi_flags"] = (typeof(IfInfoMsg), nameof(IfInfoMsg.Flags)),
        ["ifinfomsg ifi_change"] = (typeof(IfInfoMsg), nameof(IfInfoMsg.Change)),
        ["ifaddrmsg sizeof"] = (typeof(IfAddrMsg), null),
        ["ifaddrmsg ifa_family"] = (typeof(IfAddrMsg), nameof(IfAddrMsg.Family)),
        ["ifaddrmsg ifa_prefixlen"] = (typeof(IfAddrMsg), nameof(IfAddrMsg.PrefixLength)),
        ["ifaddrmsg ifa_flags"] = (typeof(IfAddrMsg), nameof(IfAddrMsg.Flags)),
        ["ifaddrmsg ifa_scope"] = (typeof(IfAddrMsg), nameof(IfAddrMsg.Scope)),
        ["ifaddrmsg ifa_index"] = (typeof(IfAddrMsg), nameof(IfAddrMsg.Index)),
        ["rtmsg sizeof"] = (typeof(RtMsg), null),
        ["rtmsg rtm_family"] = (typeof(RtMsg), nameof(RtMsg.Family)),
        ["rtmsg rtm_dst_len"] = (typeof(RtMsg), nameof(RtMsg.DestinationLength)),
        ["rtmsg rtm_src_len"] = (typeof(RtMsg), nameof(RtMsg.SourceLength)),
        ["rtmsg rtm_tos"] = (typeof(RtMsg), nameof(RtMsg.Tos)),
        ["rtmsg rtm_table"] = (typeof(RtMsg), nameof(RtMsg.Table)),
        ["rtmsg rtm_protocol"] = (typeof(RtMsg), nameof(RtMsg.Protocol)),
        ["rtmsg rtm_scope"] = (typeof(RtMsg), nameof(RtMsg.Scope)),
        ["rtmsg rtm_type"] = (typeof(RtMsg), nameof(RtMsg.Type)),
        ["rtmsg rtm_flags"] = (typeof(RtMsg), nameof(RtMsg.Flags)),
        ["rtnexthop sizeof"] = (typeof(RtNextHop), null),
        ["rtnexthop rtnh_len"] = (typeof(RtNextHop), nameof(RtNextHop.Length)),
        ["rtnexthop rtnh_flags"] = (typeof(RtNextHop), nameof(RtNextHop.Flags)),
        ["rtnexthop rtnh_hops"] = (typeof(RtNextHop), nameof(RtNextHop.Hops)),
        ["rtnexthop rtnh_ifindex"] = (typeof(RtNextHop), nameof(RtNextHop.InterfaceIndex)),
        ["ndmsg sizeof"] = (typeof(NdMsg), null),
        ["ndmsg ndm_family"] = (typeof(NdMsg), nameof(NdMsg.Family)),
        ["ndmsg ndm_ifindex"] = (typeof(NdMsg), nameof(NdMsg.InterfaceIndex)),
        ["ndmsg ndm_state"] = (typeof(NdMsg), nameof(NdMsg.State)),
        ["ndmsg ndm_flags"] = (typeof(NdMsg), nameof(NdMsg.Flags)),
        ["ndmsg ndm_type"] = (typeof(NdMsg), nameof(NdMsg.Type)),
        ["fib_rule_hdr sizeof"] = (typeof(FibRuleHdr), null),
        ["fib_rule_hdr family"] = (typeof(FibRuleHdr), nameof(FibRuleHdr.Family)),
        ["fib_rule_hdr dst_len"] = (typeof(FibRuleHdr), nameof(FibRuleHdr.DestinationLength)),
        ["fib_rule_hdr src_len"] = (typeof(FibRuleHdr), nameof(FibRuleHdr.SourceLength)),
        ["fib_rule_hdr tos"] = (typeof(FibRuleHdr), nameof(FibRuleHdr.Tos)),
        ["fib_rule_hdr table"] = (typeof(FibRuleHdr), nameof(FibRuleHdr.Table)),
        ["fib_rule_hdr action"] = (typeof(FibRuleHdr), nameof(FibRuleHdr.Action)),
        ["fib_rule_hdr flags"] = (typeof(FibRuleHdr), nameof(FibRuleHdr.Flags)),
        ["nfgenmsg sizeof"] = (typeof(NfGenMsg), null),
        ["nfgenmsg nfgen_family"] = (typeof(NfGenMsg), nameof(NfGenMsg.Family)),
        ["nfgenmsg version"] = (typeof(NfGenMsg), nameof(NfGenMsg.Version)),
        ["nfgenmsg res_id"] = (typeof(NfGenMsg), nameof(NfGenMsg.ResourceId)),
        ["tcp_md5sig sizeof"] = (typeof(TcpMd5Sig), null),
        ["tcp_md5sig tcpm_addr"] = (typeof(TcpMd5Sig), nameof(TcpMd5Sig.Address)),
        ["tcp_md5sig tcpm_flags"] = (typeof(TcpMd5Sig), nameof(TcpMd5Sig.Flags)),
        ["tcp_md5sig tcpm_prefixlen"] = (typeof(TcpMd5Sig), nameof(TcpMd5Sig.PrefixLength)),
        ["tcp_md5sig tcpm_keylen"] = (typeof(TcpMd5Sig), nameof(TcpMd5Sig.KeyLength)),
        ["tcp_md5sig tcpm_ifindex"] = (typeof(TcpMd5Sig), nameof(TcpMd5Sig.InterfaceIndex)),
        ["tcp_md5sig tcpm_key"] = (typeof(TcpMd5Sig), nameof(TcpMd5Sig.Key)),
    };

    [Fact]
    public void Every_struct_matches_the_kernel_headers()
    {
        var compiler = Requires.FindOnPath("cc") ?? Requires.Program("clang");
        var directory = Directory.CreateTempSubdirectory("calico-layout-");
        try
        {
            var binary = Path.Combine(directory.FullName, "layout");
            var source = Path.Combine(AppContext.BaseDirectory, "StructLayout.c");
            var (compileCode, _, compileErrors) = Run(compiler, "-o", binary, source);
            Assert.True(compileCode == 0, "compiling StructLayout.c failed: " + compileErrors);
            var (code, output, _) = Run(binary);
            Assert.Equal(0, code);

            var checkedRows = 0;
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split(' ');
                var key = parts[0] + " " + parts[1];
                var expected = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(Map.TryGetValue(key, out var target), "no C# mapping for " + key);
                var actual = target.Field is null ? Marshal.SizeOf(target.Type) : (int)Marshal.OffsetOf(target.Type, target.Field);
                Assert.True(expected == actual, $"{key}: kernel {expected}, C# {actual}");
                checkedRows++;
            }

            Assert.Equal(Map.Count, checkedRows);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static (int Code, string Output, string Errors) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, errors);
    }
}
