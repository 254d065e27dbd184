using System.Text.Json;
using Calico.Sdk.Resources;

namespace Calico.Cni.Plugin;

/// <summary>
/// Builds, on a second thread, the JSON contracts an ADD or DEL is about to need, while the first thread reads
/// stdin, opens the container's namespace and the datastore. A source-generated contract is built on first use
/// (the first of a context costs ~0.8 ms, each further kind ~0.1–0.3 ms with its nested types); a plugin process
/// lives for one command, so without this every one of those builds sat on the command's critical path. Nothing
/// here has side effects beyond those caches, and the main thread never waits for it: whichever thread gets to a
/// contract first builds it (the caches are thread-safe). The steps run on the <see cref="Sidecar"/>, between its jobs.
/// </summary>
internal static class Prewarm
{
    // The order the commands need them in: the readiness check, the endpoint, then IPAM's reads and writes.
    private static readonly ResourceKind[] AddKinds =
    [
        ResourceKinds.ClusterInformation, ResourceKinds.WorkloadEndpoint, ResourceKinds.IPPool, ResourceKinds.IPReservation,
        ResourceKinds.IPAMConfiguration, ResourceKinds.BlockAffinity, ResourceKinds.IPAMBlock, ResourceKinds.IPAMHandle,
    ];

    // DEL reads the endpoint first (no readiness check), then releases the handle's addresses.
    private static readonly ResourceKind[] DelKinds =
    [
        ResourceKinds.WorkloadEndpoint, ResourceKinds.IPAMHandle, ResourceKinds.IPPool, ResourceKinds.IPReservation,
        ResourceKinds.IPAMConfiguration, ResourceKinds.IPAMBlock,
    ];

    private static readonly byte[] Skeleton = """{"metadata":{},"spec":{}}"""u8.ToArray();

    /// <summary>Starts the sidecar with the warm-up for commands that touch the datastore (not VERSION, which must
    /// stay minimal).</summary>
    public static void Start(string command)
    {
        if (command is not ("ADD" or "DEL" or "CHECK" or "GC"))
        {
            return;
        }

        var steps = (command == "DEL" ? DelKinds : AddKinds).Select(kind => (Action)(() => Build(kind)));
        if (command == "DEL")
        {
            // DEL's interface teardown (tens of ms) can start only once the datastore has answered, so its open is
            // on the critical path: SQLite's one-time set-up runs here while stdin is read and parsed (DEL's open
            // measured 1.43-1.64 -> 1.16-1.25 ms). With an etcd configuration it is CPU spent on this thread only.
            steps = steps.Prepend(Datastores.WarmUpSqlite);
        }

        Sidecar.Start(steps);
    }

    private static void Build(ResourceKind kind)
    {
        try
        {
            // Deserialising a skeleton configures the contract and those of its metadata and spec types.
            _ = JsonSerializer.Deserialize(Skeleton, kind.TypeInfo);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            // A kind that cannot take the skeleton is simply built later, on the main thread, where a real failure
            // would be reported with its context.
        }
    }
}
