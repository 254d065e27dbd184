using Calico.Sdk.Datastore;
using Calico.Sdk.DependencyInjection;
using Calico.Sdk.Testing.Datastore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;
using Xunit;

namespace Calico.Sdk.Tests.DependencyInjection;

public sealed class AddCalicoTests
{
    [Fact]
    public async Task Datastore_is_chosen_by_configured_type_among_registered_providers()
    {
        var services = new ServiceCollection();
        services.AddCalico(o => { o.NodeName = "node-1"; o.Datastore.Type = DatastoreType.EtcdV3; });
        var sqlite = ProviderFor(DatastoreType.Sqlite, new InMemoryDatastore());
        var etcdStore = new InMemoryDatastore();
        var etcd = ProviderFor(DatastoreType.EtcdV3, etcdStore);
        services.AddSingleton(sqlite.Object);
        services.AddSingleton(etcd.Object);

        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IDatastore>();

        Assert.Same(etcdStore, store);
        etcd.Verify(p => p.Create(It.Is<DatastoreOptions>(o => o.Type == DatastoreType.EtcdV3), It.IsAny<IServiceProvider>()), Times.Once);
        sqlite.Verify(p => p.Create(It.IsAny<DatastoreOptions>(), It.IsAny<IServiceProvider>()), Times.Never);
    }

    [Fact]
    public void Missing_provider_for_configured_type_is_a_precise_error()
    {
        var services = new ServiceCollection();
        services.AddCalico(o => o.Datastore.Type = DatastoreType.EtcdV3);
        services.AddSingleton(ProviderFor(DatastoreType.Sqlite, new InMemoryDatastore()).Object);

        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<DatastoreConfigurationException>(() => provider.GetRequiredService<IDatastore>());

        Assert.Contains("DATASTORE_TYPE=etcdv3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AddEtcdV3Datastore", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Node_1")]
    [InlineData("-node")]
    [InlineData("")]
    public void Invalid_node_name_fails_options_validation(string name)
    {
        var services = new ServiceCollection();
        services.AddCalico(o => o.NodeName = name);

        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CalicoOptions>>().Value);

        Assert.Contains("NodeName", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registrations_are_idempotent_and_keep_a_callers_time_provider()
    {
        var services = new ServiceCollection();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        services.AddSingleton<TimeProvider>(time);
        services.AddCalico();
        services.AddCalico();

        using var provider = services.BuildServiceProvider();

        Assert.Same(time, provider.GetRequiredService<TimeProvider>());
        Assert.Single(provider.GetServices<IValidateOptions<CalicoOptions>>());
    }

    [Fact]
    public void Environment_variables_configure_node_and_datastore()
    {
        var options = new CalicoOptions().ReadEnvironment(new System.Collections.Hashtable
        {
            ["NODENAME"] = "worker-7",
            ["DATASTORE_TYPE"] = "etcdv3",
            ["ETCD_ENDPOINTS"] = "http://127.0.0.1:23790",
        });

        Assert.Equal("worker-7", options.NodeName);
        Assert.Equal(DatastoreType.EtcdV3, options.Datastore.Type);
        Assert.Equal(new Uri("http://127.0.0.1:23790"), Assert.Single(options.Datastore.EtcdEndpoints));
    }

    private static Mock<IDatastoreProvider> ProviderFor(DatastoreType type, IDatastore store)
    {
        var mock = new Mock<IDatastoreProvider>(MockBehavior.Strict);
        mock.SetupGet(p => p.Type).Returns(type);
        mock.Setup(p => p.Create(It.IsAny<DatastoreOptions>(), It.IsAny<IServiceProvider>())).Returns(store);
        return mock;
    }
}
