using System.Security.Cryptography;
using Calico.Routing.Bgp.Wire;
using Calico.TestSupport;

namespace Calico.Bgp.Tests;

/// <summary>
/// Time-boxed in-process fuzzing of the message decoder (outcome-guided: an input whose outcome — NOTIFICATION
/// code/subcode, or the set of RFC 7606 problems — was not seen before joins the corpus). The committed corpus in
/// <c>FuzzCorpus/</c> is replayed on every run; <c>BGP_FUZZ_SECONDS</c> sets the budget (3 s in the suite), and
/// <c>BGP_FUZZ_WRITE=1</c> writes new corpus entries back. A crashing input is saved as <c>crash-*.bin</c>.
/// </summary>
public sealed class FuzzTests
{
    private static readonly string Corpus = Path.Combine(RepoPaths.Root, "tests", "Calico.Bgp.Tests", "FuzzCorpus");

    [Fact]
    public void Corpus_replays_and_time_boxed_fuzzing_finds_no_crash()
    {
        var seconds = int.Parse(Environment.GetEnvironmentVariable("BGP_FUZZ_SECONDS") ?? "3", System.Globalization.CultureInfo.InvariantCulture);
        var write = Environment.GetEnvironmentVariable("BGP_FUZZ_WRITE") == "1";
        var corpus = Directory.Exists(Corpus) ? Directory.GetFiles(Corpus, "*.bin").Where(f => !Path.GetFileName(f).StartsWith("crash-", StringComparison.Ordinal)).Select(File.ReadAllBytes).ToList() : [];
        Assert.True(write || corpus.Count >= 50, "the committed corpus has " + corpus.Count + " entries");
        corpus.AddRange(SeedMessages.All());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in corpus)
        {
            seen.Add(Outcome(input));
        }

        var random = new Random(Environment.TickCount);
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var executions = 0;
        var written = 0;
        while (DateTime.UtcNow < deadline)
        {
            var input = Mutator.Mutate(corpus[random.Next(corpus.Count)], random);
            executions++;
            var outcome = Outcome(input);
            if (seen.Add(outcome))
            {
                corpus.Add(input);
                if (write && written++ < 400)
                {
                    File.WriteAllBytes(Path.Combine(Corpus, Convert.ToHexString(SHA256.HashData(input))[..16].ToLowerInvariant() + ".bin"), input);
                }
            }
        }

        Assert.True(executions > 1000, executions + " executions in " + seconds + " s");
    }

    private static string Outcome(byte[] input)
    {
        try
        {
            return MessageDecoder.Decode(input, Wire.Ebgp) switch
            {
                UpdateMessage update => "update " + update.Action + " " + string.Join('|', update.Problems.Select(p => p.Split(':')[0]).Distinct().Order(StringComparer.Ordinal)),
                var other => other?.GetType().Name ?? "refresh-unsupported",
            };
        }
        catch (BgpProtocolException error)
        {
            return "notification " + error.Code + "/" + error.Subcode;
        }
        catch (Exception crash)
        {
            Directory.CreateDirectory(Corpus);
            File.WriteAllBytes(Path.Combine(Corpus, "crash-" + Convert.ToHexString(SHA256.HashData(input))[..16].ToLowerInvariant() + ".bin"), input);
            Assert.Fail("decoder crashed on " + Convert.ToHexString(input) + ": " + crash);
            throw;
        }
    }
}
