using Calico.Sdk.Ipam;

namespace Calico.Sdk.Hosting.Agent;

/// <content>The agent's IPAM sweep: frees addresses of this node whose workload is gone, after the grace period.</content>
internal sealed partial class NodeAgent
{
    private static readonly string[] TunnelHandlePrefixes = ["vxlan-tunnel-addr-", "vxlan-v6-tunnel-addr-", "ipip-tunnel-addr-", "wireguard-tunnel-addr-", "wireguard-v6-tunnel-addr-"];

    /// <summary>Runs one sweep now (also what the periodic loop calls).</summary>
    public async Task<IpamGcResult> SweepIpamAsync(CancellationToken ct)
    {
        var result = await _ipam.GarbageCollectAsync(new IpamGcRequest(WorkloadExistsAsync, _startup!.IpamGcGracePeriod), ct).ConfigureAwait(false);
        if (result.ReleasedAddresses.Count > 0)
        {
            Metrics.IpamReleased(result.ReleasedAddresses.Count);
            Log.GcReleased(_logger, result.ReleasedAddresses.Count);
        }

        return result;
    }

    private async Task GcLoopAsync(CancellationToken ct)
    {
        var interval = _startup!.IpamGcInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            // Never judge an address before the first complete sync: every workload would look missing.
            await _inSync.Task.WaitAsync(ct).ConfigureAwait(false);
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(interval, _time, ct).ConfigureAwait(false);
                try
                {
                    await SweepIpamAsync(ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.GcFailed(_logger, ex.Message);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException || _inSync.Task.IsFaulted)
        {
            // Stopping, or start-up failed (reported by the main loop).
        }
    }

    /// <summary>
    /// Whether an allocation's workload still exists, as far as this node can tell. Each agent judges only allocations
    /// recorded for its own node (attribute <c>node</c>), so agents never fight over each other's addresses; a workload
    /// exists while a WorkloadEndpoint on this node carries its container id (the handle is <c>&lt;network&gt;.&lt;containerID&gt;</c>)
    /// or its namespace and pod. Tunnel addresses are released with the node, never here.
    /// </summary>
    private ValueTask<bool> WorkloadExistsAsync(string handle, IReadOnlyDictionary<string, string> attributes, CancellationToken ct)
    {
        _ = ct;
        if (!attributes.TryGetValue("node", out var node) || node != NodeName || TunnelHandlePrefixes.Any(p => handle.StartsWith(p, StringComparison.Ordinal)))
        {
            return ValueTask.FromResult(true);
        }

        var dot = handle.IndexOf('.', StringComparison.Ordinal);
        var containerId = dot < 0 ? handle : handle[(dot + 1)..];
        attributes.TryGetValue("namespace", out var ns);
        attributes.TryGetValue("pod", out var pod);
        lock (_containersLock)
        {
            foreach (var ((wepNamespace, _), (cid, wepPod)) in _localContainers)
            {
                if (cid == containerId || (pod is not null && wepPod == pod && wepNamespace == ns))
                {
                    return ValueTask.FromResult(true);
                }
            }
        }

        return ValueTask.FromResult(false);
    }
}
