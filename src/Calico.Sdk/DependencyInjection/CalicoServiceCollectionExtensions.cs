using Calico.Sdk.Datastore;
using Calico.Sdk.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Composes Calico.Sdk into a <see cref="IServiceCollection"/>.</summary>
public static class CalicoServiceCollectionExtensions
{
    /// <summary>
    /// Adds the core Calico services: <see cref="CalicoOptions"/> (validated at start-up), <see cref="TimeProvider"/>,
    /// and <see cref="IDatastore"/> chosen by <see cref="DatastoreOptions.Type"/> among the registered
    /// <see cref="IDatastoreProvider"/>s. Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options (after defaults).</param>
    /// <returns>A builder that plugins extend.</returns>
    public static ICalicoBuilder AddCalico(this IServiceCollection services, Action<CalicoOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<CalicoOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CalicoOptions>, CalicoOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(CreateDatastore);
        return new CalicoBuilder(services);
    }

    private static IDatastore CreateDatastore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<CalicoOptions>>().Value.Datastore;
        options.Validate();
        foreach (var provider in services.GetServices<IDatastoreProvider>())
        {
            if (provider.Type == options.Type)
            {
                return provider.Create(options, services);
            }
        }

        throw new DatastoreConfigurationException(
            $"DATASTORE_TYPE={DatastoreNames.Of(options.Type)} is configured, but no plugin for it is registered; " +
            $"register one, e.g. builder.Add{options.Type}Datastore()");
    }
}
