using System.Net;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Workloads;

namespace Calico.Conformance.NetpolKernel;

/// <summary>
/// One "node": a fresh network namespace acting as the host, and one namespace per pod plumbed to it exactly as the
/// CNI plugin does (<see cref="WorkloadPlumbing"/>). All namespaces are anonymous, so nothing outlives the process;
/// dispose removes them.
/// </summary>
internal sealed class KernelNode : IDisposable
{
    /// <summary>The probe peer for the node itself (its uplink address, in <see cref="Host"/>).</summary>
    public const string HostPeer = "host";

    /// <summary>The probe peer outside the cluster (in <see cref="External"/>, reached through the uplink).</summary>
    public const string ExternalPeer = "external";

    private readonly Dictionary<string, (KernelPod Pod, NetworkNamespace Ns, PodServers Servers)> _pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (KernelPod Pod, NetworkNamespace Ns, PodServers Servers)> _peers = new(StringComparer.Ordinal);

    /// <summary>The uplink's far end (the "external" side), also the node's default gateway.</summary>
    public static readonly IPAddress UplinkGateway = IPAddress.Parse("172.18.0.1");

    public KernelNode(IPAddress hostAddress, IPAddress externalAddress)
    {
        Host = NetworkNamespace.CreateAnonymous();
        External = NetworkNamespace.CreateAnonymous();
        try
        {
            WorkloadPlumbing.ConfigureHost(Host);
            BuildUplink(hostAddress, externalAddress);
            _peers[HostPeer] = (new KernelPod(HostPeer, "eth0", hostAddress, IPAddress.IPv6None), Host, new PodServers(Host));
            _peers[ExternalPeer] = (new KernelPod(ExternalPeer, "eth0", externalAddress, IPAddress.IPv6None), External, new PodServers(External));
        }
        catch
        {
            Host.Dispose();
            External.Dispose();
            throw;
        }
    }

    /// <summary>The namespace behind the node's uplink <c>eth0</c>: the gateway and the "external" peer.</summary>
    public NetworkNamespace External { get; }

    /// <summary>The node (host) namespace, where the dataplane is programmed.</summary>
    public NetworkNamespace Host { get; }

    public IReadOnlyCollection<string> PodKeys => _pods.Keys;

    /// <summary>Whether <paramref name="key"/> is a pod or one of the peers <c>host</c> and <c>external</c>.</summary>
    public bool HasPeer(string key) => _pods.ContainsKey(key) || _peers.ContainsKey(key);

    public KernelPod Pod(string key) => Get(key).Pod;

    public NetworkNamespace Namespace(string key) => Get(key).Ns;

    public PodServers Servers(string key) => Get(key).Servers;

    /// <summary>Creates a pod (namespace, veth, addresses, routes) unless it exists.</summary>
    public KernelPod AddPod(string key, string hostInterface, IPAddress ipv4)
    {
        if (_pods.TryGetValue(key, out var existing))
        {
            return existing.Pod;
        }

        var bytes = ipv4.GetAddressBytes();
        var ipv6 = IPAddress.Parse($"fd00:10:244::{bytes[2]:x}:{bytes[3]:x}");
        var ns = NetworkNamespace.CreateAnonymous();
        try
        {
            WorkloadPlumbing.Attach(Host, ns, new WorkloadNetworkSpec { HostInterface = hostInterface, Addresses = [ipv4, ipv6] });
            var pod = new KernelPod(key, hostInterface, ipv4, ipv6);
            _pods[key] = (pod, ns, new PodServers(ns));
            return pod;
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    /// <summary>Removes a pod and its plumbing.</summary>
    public void RemovePod(string key)
    {
        if (_pods.Remove(key, out var entry))
        {
            entry.Servers.Dispose();
            WorkloadPlumbing.Detach(Host, entry.Pod.HostInterface);
            entry.Ns.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var key in _pods.Keys.ToList())
        {
            RemovePod(key);
        }

        foreach (var peer in _peers.Values)
        {
            peer.Servers.Dispose();
        }

        Host.Dispose();
        External.Dispose();
    }

    // A node always has a default route: proxy ARP for 169.254.1.1 only answers when the target routes out of
    // another interface, exactly as on a real Calico host.
    private void BuildUplink(IPAddress hostAddress, IPAddress externalAddress)
    {
        using var host = NetlinkRoute.Open(Host);
        host.SetLink("lo", new LinkSettings { Up = true });
        var uplink = host.AddLink(new VethLink("eth0", "eth0") { PeerNamespace = External, Up = true });
        host.AddAddress(new AddressInfo(uplink.Index, hostAddress, 24));
        host.AddRoute(new RouteInfo(new IPNetwork(IPAddress.Any, 0)) { Gateway = UplinkGateway, OutputInterface = uplink.Index });
        using var external = NetlinkRoute.Open(External);
        external.SetLink("lo", new LinkSettings { Up = true });
        var far = external.GetLink("eth0") ?? throw new InvalidOperationException("uplink peer missing in the external namespace");
        external.SetLink(far.Index, new LinkSettings { Up = true });
        external.AddAddress(new AddressInfo(far.Index, UplinkGateway, 24));
        var lo = external.GetLink("lo")!;
        external.AddAddress(new AddressInfo(lo.Index, externalAddress, 32));
        external.AddRoute(new RouteInfo(new IPNetwork(IPAddress.Parse("10.0.0.0"), 8)) { Gateway = hostAddress, OutputInterface = far.Index });
    }

    private (KernelPod Pod, NetworkNamespace Ns, PodServers Servers) Get(string key) =>
        _pods.TryGetValue(key, out var entry) || _peers.TryGetValue(key, out entry) ? entry : throw new InvalidDataException($"pod '{key}' does not exist on the kernel node");
}
