using System.Text.Json;
using Calico.Cni.Cni;
using Calico.Sdk.Serialization;
using Calico.Sdk.Status;

namespace Calico.Cni.Plugin;

internal static partial class CalicoPlugin
{
    /// <summary>
    /// STATUS: code 50 when a new ADD could not succeed (datastore unreachable or not ready, node agent absent or not
    /// ready); 51 when the agent reports itself not live, so existing workloads may be affected too. The agent's report
    /// is <c>&lt;run dir&gt;/status/node.json</c>, the run dir being the parent of <c>endpoint_status_dir</c>.
    /// </summary>
    private static async Task StatusAsync(Invocation inv, CancellationToken ct)
    {
        var conf = inv.Conf;
        try
        {
            await using var store = Datastores.Open(conf);
            await EnsureReadyAsync(store, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new CniException(CniCodes.NotAvailable, "calico is not available: " + CniRunner.Translate(e).Message);
        }

        if (!conf.Ipam.IsCalico)
        {
            new Ipam.DelegatedIpam(inv.Env, conf).Resolve();
        }

        var runDir = Path.GetDirectoryName(Path.GetFullPath(conf.EndpointStatusDir)) ?? "/";
        var file = StatusPaths.NodeStatusFile(runDir);
        NodeAgentStatus? agent;
        try
        {
            agent = JsonSerializer.Deserialize(File.ReadAllBytes(file), StatusJsonContext.Default.NodeAgentStatus);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            throw new CniException(CniCodes.NotAvailable, $"calico is not available: no node agent status at {file} ({e.GetType().Name})");
        }

        if (agent is null || !agent.Live)
        {
            throw new CniException(CniCodes.NotAvailableExistingImpacted, $"the node agent reports itself not live ({file}): existing workloads may be affected");
        }

        if (!agent.Ready)
        {
            throw new CniException(CniCodes.NotAvailable, $"the node agent is not ready ({file})");
        }
    }
}
