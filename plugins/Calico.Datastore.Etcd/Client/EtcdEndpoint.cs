using Calico.Datastore.Etcd.Rpc;
using Grpc.Net.Client;

namespace Calico.Datastore.Etcd.Client;

/// <summary>One etcd client URL with its channel and typed service clients.</summary>
internal sealed class EtcdEndpoint : IDisposable
{
    public EtcdEndpoint(Uri address, EtcdSettings settings)
    {
        Address = address;
        Channel = EtcdChannelFactory.Create(address, settings);
        Kv = new KV.KVClient(Channel);
        Watch = new Watch.WatchClient(Channel);
        Maintenance = new Maintenance.MaintenanceClient(Channel);
    }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    public KV.KVClient Kv { get; }

    public Watch.WatchClient Watch { get; }

    public Maintenance.MaintenanceClient Maintenance { get; }

    public void Dispose() => Channel.Dispose();
}
