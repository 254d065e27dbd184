using Calico.Sdk.Datastore;

namespace Calico.Sdk.DependencyInjection;

/// <summary>
/// A datastore plugin's factory. <c>AddCalico</c> resolves <see cref="IDatastore"/> through the provider whose
/// <see cref="Type"/> equals the configured <see cref="DatastoreOptions.Type"/>, so the backend is chosen by
/// configuration (<c>DATASTORE_TYPE</c>) among the plugins the host registered.
/// </summary>
public interface IDatastoreProvider
{
    /// <summary>The backend this provider creates.</summary>
    DatastoreType Type { get; }

    /// <summary>Creates the datastore.</summary>
    /// <param name="options">The validated datastore options.</param>
    /// <param name="services">The container, for logging and time.</param>
    /// <returns>A datastore owned by the container (disposed with it).</returns>
    IDatastore Create(DatastoreOptions options, IServiceProvider services);
}
