using System.Net;
using Calico.Sdk.Policy;
using Calico.Sdk.Resources;
using Xunit;

namespace Calico.Sdk.Tests.Policy;

/// <summary>
/// Random update sequences, applied incrementally in several batchings, must give exactly the state a fresh engine
/// computes from the final objects (in any order), and the sum of the deltas must equal that state.
/// </summary>
public sealed class DifferentialTests
{
    public static TheoryData<int, string?> Seeds()
    {
        var data = new TheoryData<int, string?>();
        for (var seed = 1; seed <= 8; seed++)
        {
            data.Add(seed, null);
            data.Add(seed, "node1");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Incremental_equals_from_scratch(int seed, string? localNode)
    {
        var random = new Random(seed);
        var cluster = new RandomCluster(random);
        var options = new PolicyEngineOptions { LocalNode = localNode };
        var oneByOne = new PolicyEngine(options);
        var batched = new PolicyEngine(options);
        var mirror = new PolicyState();
        var final = new Dictionary<(PolicyInputKind, string?, string), PolicyUpdate>();
        var pending = new List<PolicyUpdate>();
        for (var step = 0; step < 250; step++)
        {
            var key = cluster.Keys[random.Next(cluster.Keys.Count)];
            var update = random.Next(100) < 75
                ? PolicyUpdate.Upsert(cluster.Make(key))
                : PolicyUpdate.Delete(key.Kind, key.Ns, key.Name);
            final[key] = update;
            mirror.Apply(oneByOne.Apply([update]));
            pending.Add(update);
            if (random.Next(6) == 0)
            {
                batched.Apply(pending);
                pending.Clear();
            }

            if (step == 125)
            {
                Compare(oneByOne, mirror, Fresh(options, final.Values, random), $"seed {seed} step {step}");
            }
        }

        batched.Apply(pending);
        var scratch = Fresh(options, final.Values, random);
        Compare(oneByOne, mirror, scratch, $"seed {seed}");
        SnapshotAssert.Equal(scratch.Snapshot(), batched.Snapshot(), $"seed {seed} batched:");
        var reversed = new PolicyEngine(options);
        foreach (var update in final.Values.Where(u => !u.IsDelete).Reverse())
        {
            reversed.Apply([update]);
        }

        SnapshotAssert.Equal(scratch.Snapshot(), reversed.Snapshot(), $"seed {seed} one-by-one reversed:");
        CompareVerdicts(oneByOne, scratch, random);
    }

    private static PolicyEngine Fresh(PolicyEngineOptions options, IEnumerable<PolicyUpdate> updates, Random random)
    {
        var engine = new PolicyEngine(options);
        engine.Apply([.. updates.Where(u => !u.IsDelete).OrderBy(_ => random.Next())]);
        return engine;
    }

    private static void Compare(PolicyEngine incremental, PolicyState mirror, PolicyEngine scratch, string context)
    {
        var expected = scratch.Snapshot();
        SnapshotAssert.Equal(expected, incremental.Snapshot(), context + " incremental:");
        SnapshotAssert.Equal(expected, mirror.ToSnapshot(), context + " sum of deltas:");
    }

    private static void CompareVerdicts(PolicyEngine a, PolicyEngine b, Random random)
    {
        var addresses = new List<string> { "172.18.0.2", "172.18.0.3", "192.0.2.9", "203.0.113.5", "198.51.100.7" };
        for (var ns = 0; ns < 3; ns++)
        {
            for (var i = 1; i <= 12; i++)
            {
                addresses.Add($"10.0.{ns}.{i}");
            }
        }

        for (var n = 0; n < 300; n++)
        {
            var flow = new Flow(
                IPAddress.Parse(addresses[random.Next(addresses.Count)]),
                IPAddress.Parse(addresses[random.Next(addresses.Count)]),
                random.Next(2) == 0 ? (byte)6 : (byte)17,
                random.Next(3) switch { 0 => 80, 1 => 53, _ => 8080 });
            var x = a.Evaluate(flow);
            var y = b.Evaluate(flow);
            Assert.Equal(x.Verdict, y.Verdict);
            Assert.Equal(x.Stages, y.Stages);
        }
    }
}
