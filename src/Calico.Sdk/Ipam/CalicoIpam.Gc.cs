using System.Net;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Ipam;

/// <content>Garbage collection of leaked addresses, miscounted handles, stale affinities and empty blocks.</content>
public sealed partial class CalicoIpam
{
    /// <inheritdoc />
    /// <remarks>
    /// Grace periods are measured from the first pass of this instance that saw the problem (as Calico's controller
    /// does), so a long-lived instance (the agent's sweep) should run it; with a zero grace period one pass frees
    /// leaks and repairs handles, and a second pass releases empty blocks (two observations are required).
    /// </remarks>
    public async Task<IpamGcResult> GarbageCollectAsync(IpamGcRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.WorkloadExists, nameof(request));
        ArgumentOutOfRangeException.ThrowIfLessThan(request.GracePeriod, TimeSpan.Zero, nameof(request));
        var ct = cancellationToken;
        var snapshot = await GetSnapshotAsync(ct, fresh: true).ConfigureAwait(false);
        var released = await CollectLeaksAsync(request, snapshot, ct).ConfigureAwait(false);
        await RepairHandlesAsync(request.GracePeriod, ct).ConfigureAwait(false);
        await RepairAffinitiesAsync(request.GracePeriod, ct).ConfigureAwait(false);
        var releasedBlocks = await CollectBlocksAsync(request.GracePeriod, snapshot, ct).ConfigureAwait(false);
        return new IpamGcResult(released.Addresses, releasedBlocks, released.Candidates);
    }

    /// <summary>Whether a problem first seen under <paramref name="key"/> has lasted the grace period.</summary>
    private bool GraceElapsed(string key, TimeSpan grace)
    {
        var now = _time.GetUtcNow();
        var first = _gcFirstSeen.GetOrAdd(key, now);
        return now - first >= grace;
    }

    private void Forget(string key) => _gcFirstSeen.TryRemove(key, out _);

    /// <summary>Frees the addresses of handles whose workload is gone, once the grace period has passed.</summary>
    private async Task<(List<IPAddress> Addresses, int Candidates)> CollectLeaksAsync(IpamGcRequest request, IpamSnapshot snapshot, CancellationToken ct)
    {
        var byHandle = new Dictionary<string, List<(IpCidr Block, ReleaseItem Item, IReadOnlyDictionary<string, string> Attrs)>>(StringComparer.Ordinal);
        foreach (var block in await _store.ListBlocksAsync(ct).ConfigureAwait(false))
        {
            var ab = new AllocationBlock(block.Spec);
            for (var o = 0; o < ab.Size; o++)
            {
                if (ab.HandleOf(o) is { Length: > 0 } handle)
                {
                    if (!byHandle.TryGetValue(handle, out var list))
                    {
                        byHandle[handle] = list = [];
                    }

                    var attrs = ab.AttributeOf(o)?.Secondary is { } s ? new Dictionary<string, string>(s, StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal);
                    list.Add((ab.Cidr, new ReleaseItem(o, ab.SequenceNumberOf(o), handle), attrs));
                }
            }
        }

        var addresses = new List<IPAddress>();
        var candidates = 0;
        foreach (var (handle, allocations) in byHandle)
        {
            var key = "leak/" + handle;
            if (await request.WorkloadExists(handle, allocations[0].Attrs, ct).ConfigureAwait(false))
            {
                Forget(key);
                continue;
            }

            if (!GraceElapsed(key, request.GracePeriod))
            {
                candidates += allocations.Count;
                continue;
            }

            // The sequence numbers guard against the address having been freed and reused since the scan.
            foreach (var group in allocations.GroupBy(a => a.Block))
            {
                var freed = await ReleaseFromBlockAsync(group.Key, [.. group.Select(g => g.Item)], snapshot, ct).ConfigureAwait(false);
                await DecrementHandlesAsync(group.Key.ToString(), freed, ct).ConfigureAwait(false);
                addresses.AddRange(freed.Select(f => IpCidr.ToAddress(group.Key.Network + (UInt128)(uint)f.Ordinal, group.Key.IsV6)));
            }

            Forget(key);
            IpamLog.GcReleased(_logger, allocations.Count, handle);
        }

        return (addresses, candidates);
    }

    /// <summary>Makes every handle's per-block counts equal to the blocks' allocations (after the grace period).</summary>
    private async Task RepairHandlesAsync(TimeSpan grace, CancellationToken ct)
    {
        var actual = await CountAllocationsByHandleAsync(ct).ConfigureAwait(false);
        var handles = await _store.ListHandlesAsync(ct).ConfigureAwait(false);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in handles)
        {
            var id = handle.Metadata.Name!;
            names.Add(id);
            var want = actual.TryGetValue(id, out var w) ? w : new Dictionary<string, int>(StringComparer.Ordinal);
            var have = handle.Spec.Block ?? new Dictionary<string, int>();
            if (want.Count > 0 && SameCounts(want, have))
            {
                Forget("handle/" + id);
                continue;
            }

            if (!GraceElapsed("handle/" + id, grace))
            {
                continue;
            }

            // Re-verify against the blocks right before the write; the write is a compare-and-swap on the handle.
            var fresh = (await CountAllocationsByHandleAsync(ct).ConfigureAwait(false)).GetValueOrDefault(id) ?? new Dictionary<string, int>(StringComparer.Ordinal);
            try
            {
                if (fresh.Count == 0)
                {
                    await _store.DeleteAsync(ResourceKinds.IPAMHandle, id, handle.Metadata.ResourceVersion, ct).ConfigureAwait(false);
                }
                else
                {
                    handle.Spec.Block = fresh;
                    await _store.UpdateAsync(ResourceKinds.IPAMHandle, handle, ct).ConfigureAwait(false);
                }

                IpamLog.GcRepaired(_logger, "handle " + id, $"counts set to {Describe(fresh)} (were {Describe(have)})");
                Forget("handle/" + id);
            }
            catch (Exception ex) when (ex is Calico.Sdk.Datastore.ResourceConflictException or Calico.Sdk.Datastore.ResourceNotFoundException)
            {
                // Changed meanwhile: look again next pass.
            }
        }

        foreach (var (id, counts) in actual)
        {
            if (!names.Contains(id) && GraceElapsed("nohandle/" + id, grace))
            {
                foreach (var (cidr, n) in counts)
                {
                    await IncrementHandleAsync(id, cidr, n, ct).ConfigureAwait(false);
                }

                IpamLog.GcRepaired(_logger, "handle " + id, "re-created for allocations that had none");
                Forget("nohandle/" + id);
            }
        }
    }

    private async Task<Dictionary<string, Dictionary<string, int>>> CountAllocationsByHandleAsync(CancellationToken ct)
    {
        var actual = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var block in await _store.ListBlocksAsync(ct).ConfigureAwait(false))
        {
            var ab = new AllocationBlock(block.Spec);
            for (var o = 0; o < ab.Size; o++)
            {
                if (ab.HandleOf(o) is { Length: > 0 } handle)
                {
                    if (!actual.TryGetValue(handle, out var counts))
                    {
                        actual[handle] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
                    }

                    var key = ab.Cidr.ToString();
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            }
        }

        return actual;
    }

    private static bool SameCounts(IDictionary<string, int> a, IDictionary<string, int> b)
    {
        var nonZeroB = b.Where(kv => kv.Value != 0).ToList();
        return a.Count == nonZeroB.Count && nonZeroB.All(kv => a.TryGetValue(kv.Key, out var n) && n == kv.Value);
    }

    private static string Describe(IDictionary<string, int> counts) =>
        counts.Count == 0 ? "{}" : "{" + string.Join(", ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}")) + "}";
}
