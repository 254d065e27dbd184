using System.Net;
using Calico.Routing.Bgp;
using Calico.Routing.Bgp.Session;
using Calico.Routing.Bgp.Wire;
using Calico.Sdk.Linux;

namespace Calico.Bgp.Tests.Interop;

/// <summary>Our speaker in a lab namespace with short timers.</summary>
internal static class Speakers
{
    public static SpeakerOptions Options(NetworkNamespace ns, int node, uint asn = 64512) =>
        new(asn, 0x0A630000u + (uint)node)
        {
            Namespace = ns,
            HoldTime = 9,
            ConnectRetryTime = TimeSpan.FromSeconds(1),
            RestartTime = 10,
            LocalIPv4 = IPAddress.Parse("10.99.0." + node),
            LocalIPv6 = IPAddress.Parse("fd99::" + node),
        };

    public static async Task<BgpSpeaker> StartAsync(SpeakerOptions options)
    {
        var speaker = new BgpSpeaker(options);
        await speaker.StartAsync(TestContext.Current.CancellationToken);
        return speaker;
    }

    public static PeerConfig Peer(string address, uint asn) => new(IPAddress.Parse(address), asn);

    public static LocalRoute Block(string cidr, params string[] communities) => new(BgpPrefix.Parse(cidr), communities, Blackhole: true);

    public static bool Established(this BgpSpeaker speaker, int count) =>
        speaker.GetPeerStatus().Count(s => s.State == "Established") >= count;

    public static string Describe(this BgpSpeaker speaker) =>
        string.Join("; ", speaker.GetPeerStatus().Select(s => $"{s.PeerAddress} {s.State} {s.Info}"));
}
