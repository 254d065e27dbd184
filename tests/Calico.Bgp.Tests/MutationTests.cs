using Calico.Routing.Bgp.Wire;

namespace Calico.Bgp.Tests;

/// <summary>
/// Fixed-seed mutation test: 100,000 mutated messages go through the decoder; each must either decode or raise
/// <see cref="BgpProtocolException"/> (which becomes a NOTIFICATION), and whatever decodes must re-encode and decode
/// to the same routes.
/// </summary>
public sealed class MutationTests
{
    public const int Seed = 20261126;

    [Fact]
    public void Hundred_thousand_mutated_messages_never_crash_the_decoder()
    {
        var seeds = SeedMessages.All();
        var random = new Random(Seed);
        UpdateContext[] contexts = [Wire.Ebgp, Wire.Ibgp, Wire.Ebgp with { FourOctetAs = false }];
        int decoded = 0, refused = 0, withdrawnByError = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var input = Mutator.Mutate(seeds[random.Next(seeds.Count)], random);
            var context = contexts[i % contexts.Length];
            object? message;
            try
            {
                message = MessageDecoder.Decode(input, context);
            }
            catch (BgpProtocolException error)
            {
                Assert.InRange(error.Code, BgpError.MessageHeader, BgpError.UpdateMessage);
                refused++;
                continue;
            }
            catch (Exception unexpected)
            {
                Assert.Fail($"input #{i} ({Convert.ToHexString(input)}) crashed the decoder: {unexpected}");
                return;
            }

            decoded++;
            if (message is UpdateMessage update)
            {
                withdrawnByError += update.Action == UpdateErrorAction.TreatAsWithdraw ? 1 : 0;
                RoundTrip.AssertReencodes(update, context, input);
            }
        }

        Assert.Equal(100_000, decoded + refused);
        Assert.True(decoded > 10_000 && refused > 10_000 && withdrawnByError > 1_000, $"mutations too narrow: {decoded} decoded, {refused} refused, {withdrawnByError} treat-as-withdraw");
    }
}
