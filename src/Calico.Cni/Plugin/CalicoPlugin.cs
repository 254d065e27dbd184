using System.Net;
using System.Net.Sockets;
using Calico.Cni.Cni;
using Calico.Cni.Config;
using Calico.Cni.Ipam;
using Calico.Sdk.Datastore;
using Calico.Sdk.Linux;
using Calico.Sdk.Resources;

namespace Calico.Cni.Plugin;

/// <summary>The <c>calico</c> plugin: the work is done in this process (datastore, IPAM, veth plumbing, the
/// WorkloadEndpoint); the node agent programs routes and policy and reports back through the endpoint status file.</summary>
internal static partial class CalicoPlugin
{
    /// <summary>An upper bound for one invocation, so a hung datastore can never hold a runtime forever.</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(150);

    public static async Task RunAsync(Invocation inv)
    {
        using var cts = new CancellationTokenSource();
        Sidecar.CancelAfter(cts, CommandTimeout);
        var task = inv.Env.Command switch
        {
            "ADD" => AddAsync(inv, cts.Token),
            "DEL" => DelAsync(inv, cts.Token),
            "CHECK" => CheckAsync(inv, cts.Token),
            "STATUS" => StatusAsync(inv, cts.Token),
            "GC" => GcAsync(inv, cts.Token),
            _ => throw new CniException(CniCodes.InvalidEnvironment, $"CNI_COMMAND '{inv.Env.Command}' is not handled by calico"),
        };
        await task.ConfigureAwait(false);
    }

    internal static IIpamDriver IpamFor(Invocation inv, IDatastore store, WorkloadIdentity id) =>
        inv.Conf.Ipam.IsCalico ? new CalicoIpamDriver(store, inv.Conf, id) : new DelegatedIpam(inv.Env, inv.Conf);

    /// <summary>Fails with "try again later" when the datastore has not been initialised or is marked not ready.</summary>
    internal static async Task EnsureReadyAsync(IDatastore store, CancellationToken ct)
    {
        var info = await store.GetAsync(ResourceKinds.ClusterInformation, null, DatastoreBootstrap.ClusterInformationName, ct).ConfigureAwait(false) as ClusterInformation;
        if (info is null || info.Spec.DatastoreReady == false)
        {
            throw new CniException(
                CniCodes.TryAgainLater,
                info is null
                    ? "the Calico datastore is not initialised (no ClusterInformation 'default'): start calico-node first"
                    : "Calico is currently not ready to process requests (ClusterInformation datastoreReady is false)");
        }
    }

    internal static NetworkNamespace OpenNetns(string path)
    {
        try
        {
            return NetworkNamespace.Open(path);
        }
        catch (LinuxSystemException e)
        {
            throw new CniException(CniCodes.UnknownContainer, $"CNI_NETNS '{path}' cannot be opened: {e.Message}", null, e);
        }
    }

    internal static List<IPAddress> EndpointAddresses(WorkloadEndpoint wep)
    {
        var list = new List<IPAddress>();
        foreach (var cidr in wep.Spec.IpNetworks ?? [])
        {
            var slash = cidr.IndexOf('/', StringComparison.Ordinal);
            if (IPAddress.TryParse(slash < 0 ? cidr : cidr[..slash], out var address))
            {
                list.Add(address);
            }
        }

        return list;
    }

    internal static string HostCidr(IPAddress address) =>
        address + (address.AddressFamily == AddressFamily.InterNetworkV6 ? "/128" : "/32");
}
