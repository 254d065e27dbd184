using Calico.Sdk.Datastore;
using Calico.Sdk.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Calico.Datastore.Sqlite;

/// <summary>Creates the SQLite datastore when <c>DATASTORE_TYPE=sqlite</c> is configured.</summary>
internal sealed class SqliteDatastoreProvider(Action<SqliteDatastoreOptions>? configure) : IDatastoreProvider
{
    public DatastoreType Type => DatastoreType.Sqlite;

    public IDatastore Create(DatastoreOptions options, IServiceProvider services)
    {
        var sqlite = SqliteDatastoreOptions.From(options);
        sqlite.TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        configure?.Invoke(sqlite);
        return new SqliteDatastore(sqlite, services.GetService<ILogger<SqliteDatastore>>());
    }
}
