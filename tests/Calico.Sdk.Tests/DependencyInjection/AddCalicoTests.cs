using Calico.Sdk.Datastore;
using Calico.Sdk.DependencyInjection;
using Calico.Sdk.Testing.Datastore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Calico.Sdk.Tests.DependencyInjection;

public sealed class AddCalicoTests
{
    [Fact]
    public async Task Datastore_is_chosen_by_configured_type_among_registered_providers()
    {
        var services = new ServiceCollection();
        services.AddCalico(o => { o.NodeName = "node-1"; o.Datastore.Type = DatastoreType.EtcdV3; });
        services.AddSingleton<IDatastoreProvider>(new Provider(DatastoreType.Sqlite));
        var etcd = new Provider(DatastoreType.EtcdV3);
        services.AddSingleton<IDatastoreProvider>(etcd);

        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IDatastore>();

        Assert.Same(etcd.Created, store);
    }

    [Fact]
    public void Missing_provider_for_configured_type_is_a_precise_error()
    {
        var services = new ServiceCollection();
        services.AddCalico(o => o.Datastore.Type = DatastoreType.EtcdV3);
        services.AddSingleton<IDatastoreProvider>(new Provider(DatastoreType.Sqlite));

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

    private sealed class Provider(DatastoreType type) : IDatastoreProvider
    {
        public IDatastore? Created { get; private set; }

        public DatastoreType Type { get; } = type;

        public IDatastore Create(DatastoreOptions options, IServiceProvider services) =>
            Created = new InMemoryDatastore();
    }
}
