using Calico.Datastore.Etcd;
using Calico.Sdk.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes the etcd v3 datastore available to <c>AddCalico()</c>.</summary>
public static class CalicoBuilderEtcdExtensions
{
    /// <summary>
    /// Registers the etcd datastore as the backend for <c>DATASTORE_TYPE=etcdv3</c>: when that type is configured,
    /// <c>IDatastore</c> resolves to an <see cref="EtcdDatastore"/> on <c>ETCD_ENDPOINTS</c> with the configured TLS files.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddCalico()</c>.</param>
    /// <param name="configure">Adjusts the options (timings, page size) after they are taken from the datastore options.</param>
    /// <returns>The builder.</returns>
    public static ICalicoBuilder AddEtcdDatastore(this ICalicoBuilder builder, Action<EtcdDatastoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDatastoreProvider>(new EtcdDatastoreProvider(configure)));
        return builder;
    }
}
