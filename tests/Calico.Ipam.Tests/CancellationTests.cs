using Calico.Sdk.Ipam;
using Calico.Sdk.Testing.Datastore;
using Xunit;

namespace Calico.Ipam.Tests;

/// <summary>Operations cancelled at random datastore calls, 240 times on one store, then GC: clean, never a duplicate.</summary>
public sealed class CancellationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Random_cancellations_leave_nothing_that_gc_cannot_clean()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "v4", "10.0.0.0/24", blockSize: 28);
        await IpamFixture.AddPoolAsync(store, "v6", "fd00::/120", blockSize: 124);
        var random = new Random(20261126);
        var live = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var dead = new HashSet<string>(StringComparer.Ordinal);
        var cancelled = 0;
        const int runs = 240;
        for (var run = 0; run < runs; run++)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var faulty = new FaultyDatastore(store, Fault.Cancel, random.Next(1, 14), cts);
            var ipam = new CalicoIpam(faulty);
            var node = $"node-{random.Next(3)}";
            var handle = $"pod-{run}";
            try
            {
                if (live.Count > 0 && random.Next(3) == 0)
                {
                    var victim = live.Keys.ElementAt(random.Next(live.Count));
                    handle = victim;
                    await ipam.ReleaseByHandleAsync(victim, cts.Token);
                    live.Remove(victim);
                }
                else
                {
                    var result = await ipam.AutoAssignAsync(new AutoAssignRequest(handle, node, random.Next(1, 4), random.Next(0, 2)), cts.Token);
                    live[handle] = [.. result.IPv4.Concat(result.IPv6).Select(a => a.Address.ToString())];
                }
            }
            catch (OperationCanceledException)
            {
                // The caller gave up: the runtime will delete the pod (and GC its handle).
                cancelled++;
                live.Remove(handle);
                dead.Add(handle);
            }
            catch (IpamExhaustedException)
            {
                dead.Add(handle);
            }

            if (run % 40 == 39 || run == runs - 1)
            {
                var gc = new CalicoIpam(store);
                await gc.GarbageCollectAsync(new IpamGcRequest((h, _, _) => ValueTask.FromResult(live.ContainsKey(h)), TimeSpan.Zero), Ct);
                await IpamFixture.AssertCleanAsync(gc);

                // Every live pod still holds exactly what it was given; no address has two owners.
                foreach (var (h, addresses) in live)
                {
                    Assert.Equal(addresses.Order(), (await gc.GetAssignmentsAsync(h, Ct)).Select(a => a.ToString()).Order());
                }

                Assert.Equal(live.Values.Sum(a => a.Count), (await gc.CheckAsync(Ct)).AllocatedAddresses);
            }
        }

        Assert.True(cancelled >= 100, $"only {cancelled} of {runs} runs were cancelled mid-operation");
    }
}
