using System.Collections.Concurrent;
using System.Diagnostics;
using Calico.Sdk.Datastore;
using Calico.Sdk.Ipam;
using Calico.Sdk.Resources;
using Xunit;

namespace Calico.Ipam.Tests;

/// <summary>N simulated nodes, each with its own IPAM instance (and datastore client), allocating in parallel.</summary>
internal static class ParallelStress
{
    public sealed record Outcome(int Successes, int Exhausted, IReadOnlyList<string> Addresses, TimeSpan Elapsed);

    public static async Task<Outcome> RunAsync(Func<int, IDatastore> clientForNode, int nodes, int requestsPerNode, CancellationToken ct)
    {
        var addresses = new ConcurrentBag<string>();
        var exhausted = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, nodes).Select(n => Task.Run(
            async () =>
            {
                var ipam = new CalicoIpam(clientForNode(n));
                for (var i = 0; i < requestsPerNode; i++)
                {
                    try
                    {
                        var result = await ipam.AutoAssignAsync(new AutoAssignRequest($"pod-{n}-{i}", $"node-{n}", 1, 0), ct);
                        addresses.Add(result.IPv4.Single().Address.ToString());
                    }
                    catch (IpamExhaustedException)
                    {
                        Interlocked.Increment(ref exhausted);
                    }
                }
            },
            ct)));
        return new Outcome(addresses.Count, exhausted, [.. addresses], stopwatch.Elapsed);
    }

    /// <summary>What the blocks and affinities say after a run.</summary>
    public sealed record Ownership(int Blocks, int ConfirmedAffinities, int DistinctAffinityBlocks, int AffineBlocks, int Borrowed);

    /// <summary>Counts blocks, affinities, and allocations of a node in a block affine to another node (borrowed).</summary>
    public static async Task<Ownership> OwnershipAsync(IDatastore store, CancellationToken ct)
    {
        var affinities = (await store.ListAsync(ResourceKinds.BlockAffinity, null, ct)).Items.Cast<BlockAffinity>().ToList();
        var blocks = (await store.ListAsync(ResourceKinds.IPAMBlock, null, ct)).Items.Cast<IPAMBlock>().ToList();
        var borrowed = 0;
        foreach (var block in blocks)
        {
            var attributes = block.Spec.Attributes ?? [];
            foreach (var index in (block.Spec.Allocations ?? []).OfType<int>())
            {
                string? node = null;
                attributes[index].Secondary?.TryGetValue("node", out node);
                if (node is not null && block.Spec.Affinity != "host:" + node)
                {
                    borrowed++;
                }
            }
        }

        return new Ownership(
            blocks.Count,
            affinities.Count(a => a.Spec.State == "confirmed"),
            affinities.Select(a => a.Spec.Cidr).Distinct().Count(),
            blocks.Count(b => b.Spec.Affinity is not null),
            borrowed);
    }

    public static void AssertExact(Outcome outcome, int capacity, int requests)
    {
        Assert.Equal(outcome.Addresses.Count, outcome.Addresses.Distinct().Count());
        Assert.Equal(capacity, outcome.Successes);
        Assert.Equal(requests - capacity, outcome.Exhausted);
    }
}
