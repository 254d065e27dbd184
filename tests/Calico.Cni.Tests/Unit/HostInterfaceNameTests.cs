using System.Security.Cryptography;
using System.Text;
using Calico.Sdk.Linux.Workloads;
using Xunit;

namespace Calico.Cni.Tests.Unit;

/// <summary>
/// The host interface name comes from a managed SHA-1 (the plugin must not load OpenSSL at start-up): it must equal
/// Calico's <c>cali</c> + 11 hex digits of SHA-1 for every input length, across the 55/56/64-byte padding edges.
/// </summary>
public sealed class HostInterfaceNameTests
{
    [Fact]
    public void A_known_pod_gets_calicos_name()
    {
        // printf 'default.nginx' | sha1sum -> c440f455693b69cdd48a37aa5ecd78038f50413d
        Assert.Equal("calic440f455693", WorkloadPlumbing.HostInterfaceName("default.nginx"));
    }

    [Fact]
    public void Every_input_length_matches_the_platform_sha1()
    {
        for (var length = 1; length <= 200; length++)
        {
            var key = new string('a', length / 2) + "." + string.Concat(Enumerable.Range(0, length - (length / 2) - 1).Select(i => (char)('b' + (i % 20))));
            Assert.Equal("cali" + Sha1Hex(key)[..11], WorkloadPlumbing.HostInterfaceName(key));
        }
    }

    [Fact]
    public void Non_ascii_keys_hash_their_utf8_bytes()
    {
        Assert.Equal("cali" + Sha1Hex("ns.pöd-ü")[..11], WorkloadPlumbing.HostInterfaceName("ns.pöd-ü"));
    }

    private static string Sha1Hex(string s) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(s)));
}
