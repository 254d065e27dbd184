using Calico.Datastore.Etcd;
using Calico.Datastore.Sqlite;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Calico.Datastore.Tests;

/// <summary>DATASTORE_TYPE picks the backend among the plugins a host registered with AddCalico().</summary>
public sealed class AddCalicoSelectionTests
{
    [Fact]
    public async Task Sqlite_is_resolved_for_datastore_type_sqlite_and_works()
    {
        var dir = Directory.CreateTempSubdirectory("calico-addcalico-");
        try
        {
            var services = new ServiceCollection();
            services.AddCalico(o => o.ReadEnvironment(new System.Collections.Hashtable
            {
                ["NODENAME"] = "node-a",
                ["DATASTORE_TYPE"] = "sqlite",
                ["SQLITE_PATH"] = Path.Combine(dir.FullName, "calico.db"),
            }))
                .AddSqliteDatastore()
                .AddEtcdDatastore();

            await using var provider = services.BuildServiceProvider();
            var store = provider.GetRequiredService<IDatastore>();

            Assert.IsType<SqliteDatastore>(store);
            await DatastoreBootstrap.EnsureInitializedAsync(store, TimeProvider.System, TestContext.Current.CancellationToken);
            var tier = await store.GetAsync(ResourceKinds.Tier, null, "default", TestContext.Current.CancellationToken);
            Assert.NotNull(tier);
            Assert.True(File.Exists(Path.Combine(dir.FullName, "calico.db")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Etcd_is_resolved_for_datastore_type_etcdv3_with_the_configured_endpoints()
    {
        var services = new ServiceCollection();
        services.AddCalico(o => o.ReadEnvironment(new System.Collections.Hashtable
        {
            ["NODENAME"] = "node-a",
            ["DATASTORE_TYPE"] = "etcdv3",
            ["ETCD_ENDPOINTS"] = "http://127.0.0.1:1",
        }))
            .AddSqliteDatastore()
            .AddEtcdDatastore(o => o.ConnectTimeout = TimeSpan.FromMilliseconds(500));

        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IDatastore>();

        Assert.IsType<EtcdDatastore>(store);
        // Nothing listens on port 1: the write is refused before it is sent, so it is "unavailable", not "unknown".
        await Assert.ThrowsAsync<DatastoreUnavailableException>(() =>
            store.CreateAsync(ResourceKinds.Tier, new Tier { Metadata = { Name = "t1" } }, TestContext.Current.CancellationToken));
    }
}
