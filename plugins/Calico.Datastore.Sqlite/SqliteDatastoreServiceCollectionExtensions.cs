using Calico.Sdk.Datastore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Calico.Datastore.Sqlite;

/// <summary>Registers the SQLite datastore in a service collection.</summary>
public static class SqliteDatastoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SqliteDatastore"/> as the singleton <see cref="IDatastore"/> (and as itself), configured
    /// through <see cref="SqliteDatastoreOptions"/>. The file is opened when the datastore is first resolved.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options, e.g. the path from <c>SQLITE_PATH</c>.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSqliteDatastore(this IServiceCollection services, Action<SqliteDatastoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<SqliteDatastoreOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddSingleton(sp => new SqliteDatastore(
            sp.GetRequiredService<IOptions<SqliteDatastoreOptions>>().Value,
            sp.GetService<ILogger<SqliteDatastore>>()));
        services.TryAddSingleton<IDatastore>(sp => sp.GetRequiredService<SqliteDatastore>());
        return services;
    }
}
