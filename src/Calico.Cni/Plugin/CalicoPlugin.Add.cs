using System.Net;
using Calico.Cni.Cni;
using Calico.Cni.Diagnostics;
using Calico.Sdk.Datastore;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Workloads;
using Calico.Sdk.Resources;

namespace Calico.Cni.Plugin;

internal static partial class CalicoPlugin
{
    /// <summary>
    /// ADD: addresses from IPAM, the veth pair, the WorkloadEndpoint, then the wait for the agent's status file. Any
    /// failure undoes every step already done, newest first, and the error names what failed (and any undo that
    /// failed too). A repeated ADD for the same container and interface whose endpoint and plumbing are intact
    /// answers the same result without allocating again (docs/cni.md, "Repeated ADD").
    /// </summary>
    private static async Task AddAsync(Invocation inv, CancellationToken ct)
    {
        var (env, conf) = (inv.Env, inv.Conf);
        var id = WorkloadIdentity.From(env, conf, Datastores.NodeName(conf));
        using var container = OpenNetns(env.NetNs!);
        await using var store = Datastores.Open(conf);
        PhaseTrace.Mark("open");
        await EnsureReadyAsync(store, ct).ConfigureAwait(false);
        PhaseTrace.Mark("ready");
        var existing = await store.GetAsync(ResourceKinds.WorkloadEndpoint, id.Namespace, id.EndpointName, ct).ConfigureAwait(false) as WorkloadEndpoint;
        PhaseTrace.Mark("get");
        if (existing is not null && existing.Spec.ContainerId == env.ContainerId)
        {
            await RepeatAsync(inv, id, container, existing, ct).ConfigureAwait(false);
            return;
        }

        var undo = new Stack<(string What, Func<Task> Action)>();
        try
        {
            // Last undo step: the rollback's own writes are made durable like a success's.
            undo.Push(("sync the datastore", () =>
            {
                Datastores.Flush(store);
                return Task.CompletedTask;
            }));
            var ipam = IpamFor(inv, store, id);
            undo.Push(("release addresses", () => ipam.DelAsync(CancellationToken.None)));
            var spec = new WorkloadNetworkSpec
            {
                HostInterface = id.HostInterface,
                ContainerInterface = env.IfName,
                Addresses = [],
                Mtu = conf.Mtu > 0 ? conf.Mtu : null,
                AllowIpForwarding = conf.AllowIpForwarding,
                InstallHostRoutes = false, // the agent owns workload routes
            };

            // The veth pair needs no addresses: the kernel creates it on another thread while IPAM allocates.
            var pair = Sidecar.Run(() => WorkloadPlumbing.CreatePair(null, container, spec));
            IReadOnlyList<IPAddress> addresses;
            try
            {
                addresses = [.. (await ipam.AddAsync(ct).ConfigureAwait(false)).Select(i => i.Address)];
                PhaseTrace.Mark("ipam");
            }
            finally
            {
                // Whichever of the two fails, the pair's undo is on the stack before any rollback runs.
                if (Settled(pair))
                {
                    undo.Push(("remove interface " + id.HostInterface, () => Task.FromResult(WorkloadPlumbing.Detach(null, id.HostInterface))));
                }
            }

            var hostIndex = pair.GetAwaiter().GetResult();
            PhaseTrace.Mark("pair");
            var network = WorkloadPlumbing.Configure(null, container, hostIndex, spec with { Addresses = addresses });
            PhaseTrace.Mark("plumb");
            var wep = EndpointBuilder.Build(id, addresses, network.ContainerMac);
            undo.Push(("delete WorkloadEndpoint " + id.EndpointName, () => DeleteOwnEndpointAsync(store, id, CancellationToken.None)));
            Resource written;
            if (existing is null)
            {
                written = await store.CreateAsync(ResourceKinds.WorkloadEndpoint, wep, ct).ConfigureAwait(false);
            }
            else
            {
                // A stale endpoint of an earlier sandbox of the same pod: take it over (Calico does the same).
                wep.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
                wep.Metadata.Uid = existing.Metadata.Uid;
                wep.Metadata.CreationTimestamp = existing.Metadata.CreationTimestamp;
                written = await store.UpdateAsync(ResourceKinds.WorkloadEndpoint, wep, ct).ConfigureAwait(false);
            }

            PhaseTrace.Mark("endpoint");

            // The writes become durable (one fsync) while the agent programs the endpoint; the result waits for both.
            var flush = Sidecar.Run(() =>
            {
                Datastores.Flush(store);
                return true;
            });
            try
            {
                if (conf.PolicySetupTimeout > TimeSpan.Zero)
                {
                    StatusWaiter.Wait(id.StatusFile(conf), written.Metadata.ResourceVersion!, conf.PolicySetupTimeout, ct);
                }

                PhaseTrace.Mark("agent");
            }
            finally
            {
                flush.GetAwaiter().GetResult();
            }


            var mac = network.ContainerMac is null ? null : EndpointBuilder.FormatMac(network.ContainerMac);
            CniJson.WriteResult(inv.Output, conf.CniVersion, EndpointBuilder.Result(id, addresses, mac, conf.Mtu > 0 ? conf.Mtu : null, env.NetNs!));
        }
        catch (Exception error)
        {
            var failed = await RollBackAsync(undo).ConfigureAwait(false);
            var cni = CniRunner.Translate(error);
            throw failed.Count == 0 ? cni : new CniException(cni.Code, cni.Message, "rollback incomplete: " + string.Join("; ", failed), error);
        }
    }

    /// <summary>
    /// Waits for a sidecar job without throwing; true when it succeeded. Sidecar jobs are waited for by blocking, not
    /// awaited: an await would continue on a thread-pool worker, one more thread to start for nothing (this
    /// process's main thread only waits for the command anyway).
    /// </summary>
    private static bool Settled(Task task)
    {
        try
        {
            task.GetAwaiter().GetResult();
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false; // observed again (and reported) where its result is used
        }
    }

    private static async Task RepeatAsync(Invocation inv, WorkloadIdentity id, NetworkNamespace container, WorkloadEndpoint existing, CancellationToken ct)
    {
        var addresses = EndpointAddresses(existing);
        var problems = WorkloadCheck.Inspect(null, container, id.HostInterface, inv.Env.IfName, addresses);
        if (problems.Count > 0)
        {
            throw new CniException(
                CniCodes.CheckFailed,
                $"container {inv.Env.ContainerId} already has an attachment on {inv.Env.IfName} (endpoint {id.EndpointName}) that differs from it: {string.Join("; ", problems)}",
                "DEL the attachment first");
        }

        if (inv.Conf.PolicySetupTimeout > TimeSpan.Zero)
        {
            StatusWaiter.Wait(id.StatusFile(inv.Conf), existing.Metadata.ResourceVersion!, inv.Conf.PolicySetupTimeout, ct);
        }

        CniJson.WriteResult(inv.Output, inv.Conf.CniVersion, EndpointBuilder.Result(id, addresses, existing.Spec.Mac, inv.Conf.Mtu > 0 ? inv.Conf.Mtu : null, inv.Env.NetNs!));
    }

    private static async Task<List<string>> RollBackAsync(Stack<(string What, Func<Task> Action)> undo)
    {
        var failed = new List<string>();
        while (undo.TryPop(out var step))
        {
            try
            {
                await step.Action().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                failed.Add(step.What + ": " + e.Message);
            }
        }

        return failed;
    }

    /// <summary>Deletes the endpoint only while it still names this container (never another sandbox's).</summary>
    internal static async Task DeleteOwnEndpointAsync(IDatastore store, WorkloadIdentity id, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await store.GetAsync(ResourceKinds.WorkloadEndpoint, id.Namespace, id.EndpointName, ct).ConfigureAwait(false) is not WorkloadEndpoint wep
                || (wep.Spec.ContainerId is { Length: > 0 } owner && owner != id.ContainerId))
            {
                return;
            }

            try
            {
                await store.DeleteAsync(ResourceKinds.WorkloadEndpoint, id.Namespace, id.EndpointName, wep.Metadata.ResourceVersion, ct).ConfigureAwait(false);
                return;
            }
            catch (ResourceNotFoundException)
            {
                return;
            }
            catch (ResourceConflictException)
            {
                // Changed under us: read again and decide again.
            }
        }

        throw new CniException(CniCodes.DatastoreError, $"WorkloadEndpoint {id.Namespace}/{id.EndpointName} kept changing; not deleted after 5 attempts");
    }
}
