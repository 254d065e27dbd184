using Calico.Datastore.Sqlite;
using Calico.Sdk.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes the SQLite datastore available to <c>AddCalico()</c>.</summary>
public static class CalicoBuilderSqliteExtensions
{
    /// <summary>
    /// Registers the SQLite datastore as the backend for <c>DATASTORE_TYPE=sqlite</c> (the default): when that type
    /// is configured, <c>IDatastore</c> resolves to a <see cref="SqliteDatastore"/> on <c>SQLITE_PATH</c>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddCalico()</c>.</param>
    /// <param name="configure">Adjusts the options after they are taken from the datastore options.</param>
    /// <returns>The builder.</returns>
    public static ICalicoBuilder AddSqliteDatastore(this ICalicoBuilder builder, Action<SqliteDatastoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDatastoreProvider>(new SqliteDatastoreProvider(configure)));
        return builder;
    }
}
