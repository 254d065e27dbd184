using Calico.Datastore.Etcd;
using Calico.Sdk.Datastore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Calico.Datastore.Tests.Etcd;

public sealed class EtcdServiceCollectionTests
{
    [Fact]
    public async Task AddEtcdDatastore_registers_a_configured_EtcdDatastore()
    {
        var services = new ServiceCollection();
        services.AddEtcdDatastore(o =>
        {
            o.Endpoints.Add(new Uri("http://198.18.0.1:2379"));
            o.ListPageSize = 77;
        });
        var provider = new MiniProvider(services);
        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(IDatastore));
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
        await using var store = Assert.IsType<EtcdDatastore>(descriptor.ImplementationFactory!(provider));
        Assert.Equal(77, provider.Options.ListPageSize);
        Assert.Equal([new Uri("http://198.18.0.1:2379")], provider.Options.Endpoints);
    }

    [Fact]
    public void AddEtcdDatastore_from_datastore_options_requires_etcdv3()
    {
        var services = new ServiceCollection();
        var ex = Assert.Throws<DatastoreConfigurationException>(() => services.AddEtcdDatastore(new DatastoreOptions { Type = DatastoreType.Sqlite }));
        Assert.Contains("etcdv3", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IDatastore));

        services.AddEtcdDatastore(new DatastoreOptions { Type = DatastoreType.EtcdV3, EtcdEndpoints = [new Uri("https://10.1.2.3:2379")] });
        var provider = new MiniProvider(services);
        Assert.IsType<EtcdDatastore>(Assert.Single(services, d => d.ServiceType == typeof(IDatastore)).ImplementationFactory!(provider));
        Assert.Equal([new Uri("https://10.1.2.3:2379")], provider.Options.Endpoints);
    }

    /// <summary>Just enough of a container to run the registered factory (the test project has no DI container).</summary>
    private sealed class MiniProvider(IServiceCollection services) : IServiceProvider
    {
        public EtcdDatastoreOptions Options { get; } = new();

        public object? GetService(Type serviceType)
        {
            if (serviceType == typeof(IOptions<EtcdDatastoreOptions>))
            {
                foreach (var d in services.Where(d => d.ServiceType == typeof(IConfigureOptions<EtcdDatastoreOptions>)))
                {
                    ((IConfigureOptions<EtcdDatastoreOptions>)d.ImplementationInstance!).Configure(Options);
                }

                return Microsoft.Extensions.Options.Options.Create(Options);
            }

            return serviceType == typeof(TimeProvider) ? TimeProvider.System : null;
        }
    }
}
