using Calico.Datastore.Etcd;
using Calico.Sdk.Datastore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the etcd v3 datastore.</summary>
public static class EtcdServiceCollectionExtensions
{
    /// <summary>Registers <see cref="EtcdDatastore"/> as the singleton <see cref="IDatastore"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options, e.g. <c>o =&gt; o.Endpoints.Add(new Uri("https://10.0.0.1:2379"))</c>;
    /// with no endpoint, <c>http://127.0.0.1:2379</c> is used.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddEtcdDatastore(this IServiceCollection services, Action<EtcdDatastoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<EtcdDatastoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.RemoveAll<IDatastore>();
        services.AddSingleton<IDatastore>(sp => new EtcdDatastore(
            sp.GetRequiredService<IOptions<EtcdDatastoreOptions>>().Value,
            sp.GetService<ILogger<EtcdDatastore>>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// Registers <see cref="EtcdDatastore"/> with the endpoints and TLS files of the SDK-wide datastore options
    /// (e.g. from <see cref="DatastoreOptions.FromEnvironment"/>: <c>ETCD_ENDPOINTS</c>, <c>ETCD_CA_CERT_FILE</c>,
    /// <c>ETCD_CERT_FILE</c>, <c>ETCD_KEY_FILE</c>), then <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="datastore">The datastore options; their type must be <see cref="DatastoreType.EtcdV3"/>.</param>
    /// <param name="configure">Further adjustments (timings, page size), or <see langword="null"/>.</param>
    /// <returns>The services, for chaining.</returns>
    /// <exception cref="DatastoreConfigurationException">The options select another backend or are invalid.</exception>
    public static IServiceCollection AddEtcdDatastore(this IServiceCollection services, DatastoreOptions datastore, Action<EtcdDatastoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(datastore);
        if (datastore.Type != DatastoreType.EtcdV3)
        {
            throw new DatastoreConfigurationException($"{DatastoreOptions.DatastoreTypeVariable} selects {datastore.Type}, not etcdv3; the etcd datastore was not registered.");
        }

        datastore.Validate();
        return services.AddEtcdDatastore(o =>
        {
            o.CopyFrom(datastore);
            configure?.Invoke(o);
        });
    }
}
