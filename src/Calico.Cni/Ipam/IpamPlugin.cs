using Calico.Cni.Cni;
using Calico.Cni.Plugin;
using Calico.Sdk.Ipam;

namespace Calico.Cni.Ipam;

/// <summary>
/// The <c>calico-ipam</c> plugin for other main plugins (the <c>calico</c> plugin runs the same code in-process): ADD
/// answers the assigned addresses with their block prefix, DEL releases the handle <c>&lt;network&gt;.&lt;containerID&gt;</c>,
/// CHECK verifies the handle holds prevResult's addresses, GC releases this node's handles of invalid attachments.
/// </summary>
internal static class IpamPlugin
{
    public static async Task RunAsync(Invocation inv)
    {
        using var cts = new CancellationTokenSource();
        Sidecar.CancelAfter(cts, TimeSpan.FromSeconds(150));
        var ct = cts.Token;
        var (env, conf) = (inv.Env, inv.Conf);
        if (env.Command == "STATUS")
        {
            await using var probe = Datastores.Open(conf);
            try
            {
                await CalicoPlugin.EnsureReadyAsync(probe, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new CniException(CniCodes.NotAvailable, "calico-ipam is not available: " + CniRunner.Translate(e).Message);
            }

            return;
        }

        var node = Datastores.NodeName(conf);
        await using var store = Datastores.Open(conf);
        if (env.Command == "GC")
        {
            if (!conf.HasValidAttachments)
            {
                throw new CniException(CniCodes.InvalidConfig, "GC needs cni.dev/valid-attachments in the network configuration");
            }

            var valid = conf.ValidAttachments.Select(a => a.ContainerId).ToHashSet(StringComparer.Ordinal);
            await CalicoPlugin.CollectAddressesAsync(store, conf.IpamLockFile, conf.Name + ".", node, valid, ct).ConfigureAwait(false);
            Datastores.Flush(store);
            return;
        }

        var id = WorkloadIdentity.From(env, conf, node);
        var driver = new CalicoIpamDriver(store, conf, id);
        switch (env.Command)
        {
            case "ADD":
                await CalicoPlugin.EnsureReadyAsync(store, ct).ConfigureAwait(false);
                var ips = await driver.AddAsync(ct).ConfigureAwait(false);
                Datastores.Flush(store);
                CniJson.WriteResult(inv.Output, conf.CniVersion, new CniResult([], ips, []));
                break;
            case "DEL":
                await driver.DelAsync(ct).ConfigureAwait(false);
                Datastores.Flush(store);
                break;
            case "CHECK":
                var expected = conf.PrevResult is { } prev ? CniJson.ReadIps(prev, "prevResult").Select(i => i.Address).ToList() : [];
                var held = await new CalicoIpam(store).GetAssignmentsAsync(id.HandleId, ct).ConfigureAwait(false);
                var missing = expected.Where(a => !held.Contains(a)).ToList();
                if (missing.Count > 0 || held.Count == 0)
                {
                    throw new CniException(CniCodes.CheckFailed, $"CHECK: IPAM handle {id.HandleId} holds [{string.Join(", ", held)}], missing [{string.Join(", ", missing)}]");
                }

                break;
            default:
                throw new CniException(CniCodes.InvalidEnvironment, $"CNI_COMMAND '{env.Command}' is not handled by calico-ipam");
        }
    }
}
