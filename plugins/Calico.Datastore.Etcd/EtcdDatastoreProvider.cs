using Calico.Sdk.Datastore;
using Calico.Sdk.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Calico.Datastore.Etcd;

/// <summary>Creates the etcd datastore when <c>DATASTORE_TYPE=etcdv3</c> is configured.</summary>
internal sealed class EtcdDatastoreProvider(Action<EtcdDatastoreOptions>? configure) : IDatastoreProvider
{
    public DatastoreType Type => DatastoreType.EtcdV3;

    public IDatastore Create(DatastoreOptions options, IServiceProvider services)
    {
        var etcd = new EtcdDatastoreOptions();
        etcd.CopyFrom(options);
        configure?.Invoke(etcd);
        return new EtcdDatastore(etcd, services.GetService<ILogger<EtcdDatastore>>(), services.GetService<TimeProvider>() ?? TimeProvider.System);
    }
}
