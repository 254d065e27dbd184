using Calico.Routing.Bgp.Wire;

namespace Calico.Bgp.Tests;

internal static class RoundTrip
{
    /// <summary>Re-encodes what an UPDATE announced and withdrew, decodes it again, and checks the routes survive.</summary>
    public static void AssertReencodes(UpdateMessage update, UpdateContext context, byte[] original)
    {
        foreach (var family in new[] { BgpFamily.IPv4Unicast, BgpFamily.IPv6Unicast })
        {
            var announced = update.Announced.Where(p => p.Family == family).ToList();
            var attributes = family == BgpFamily.IPv4Unicast ? update.IPv4Attributes : update.IPv6Attributes;
            if (announced.Count > 0 && attributes?.NextHop is not null)
            {
                var again = new List<BgpPrefix>();
                foreach (var message in UpdateEncoder.Announce(attributes, family, announced, context.FourOctetAs))
                {
                    var decoded = (UpdateMessage)MessageDecoder.Decode(message, context)!;
                    Assert.True(decoded.Action != UpdateErrorAction.TreatAsWithdraw, "re-encoded " + Convert.ToHexString(original) + ": " + string.Join("; ", decoded.Problems));
                    again.AddRange(decoded.Announced);
                }

                Assert.Equal(announced, again);
            }

            var withdrawn = update.Withdrawn.Where(p => p.Family == family).ToList();
            var back = UpdateEncoder.Withdraw(family, withdrawn).SelectMany(m => ((UpdateMessage)MessageDecoder.Decode(m, context)!).Withdrawn).ToList();
            Assert.Equal(withdrawn, back);
        }
    }
}
