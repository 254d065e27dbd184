using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Xunit;

namespace Calico.Sdk.Testing.Datastore;

/// <content>Bootstrap idempotency under concurrent start-up.</content>
public abstract partial class DatastoreConformanceTests
{
    /// <summary>Several processes bootstrapping at once agree on one cluster GUID and create each built-in object once; a rerun writes nothing.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Bootstrap_is_idempotent_and_race_safe()
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        var clients = new List<IDatastore> { store };
        try
        {
            for (var i = 1; i < 4; i++)
            {
                clients.Add(await OpenAnotherClientAsync(store, TestToken));
            }

            var results = await Task.WhenAll(clients.SelectMany(c => new[] { c, c }).Select(c => Task.Run(() => DatastoreBootstrap.EnsureInitializedAsync(c, TimeProvider.System, TestToken), TestToken)));
            var guid = results[0].Spec.ClusterGuid!;
            Assert.Matches("^[0-9a-f]{32}$", guid);
            Assert.All(results, r => Assert.Equal(guid, r.Spec.ClusterGuid));
            Assert.All(results, r => Assert.True(r.Spec.DatastoreReady));
            Assert.All(results, r => Assert.Equal(DatastoreBootstrap.CalicoVersion, r.Spec.CalicoVersion));

            var tiers = (await store.ListAsync<Tier>(null, TestToken)).Items.ToDictionary(t => t.Metadata.Name!);
            Assert.Equal(["default", "kube-admin", "kube-baseline"], tiers.Keys.Order(StringComparer.Ordinal));
            Assert.Equal((1_000d, "Pass"), (tiers["kube-admin"].Spec.Order!.Value, tiers["kube-admin"].Spec.DefaultAction!));
            Assert.Equal((1_000_000d, "Deny"), (tiers["default"].Spec.Order!.Value, tiers["default"].Spec.DefaultAction!));
            Assert.Equal((10_000_000d, "Pass"), (tiers["kube-baseline"].Spec.Order!.Value, tiers["kube-baseline"].Spec.DefaultAction!));
            var infos = await store.ListAsync<ClusterInformation>(null, TestToken);
            Assert.Single(infos.Items);

            // A rerun changes nothing: the same revisions afterwards.
            var before = await store.ListAsync<Tier>(null, TestToken);
            var again = await DatastoreBootstrap.EnsureInitializedAsync(store, TimeProvider.System, TestToken);
            Assert.Equal(infos.Items[0].Metadata.ResourceVersion, again.Metadata.ResourceVersion);
            var after = await store.ListAsync<Tier>(null, TestToken);
            Assert.Equal(before.Items.Select(t => t.Metadata.ResourceVersion), after.Items.Select(t => t.Metadata.ResourceVersion));
        }
        finally
        {
            foreach (var client in clients.Skip(1).Where(c => !ReferenceEquals(c, store)).Distinct())
            {
                await client.DisposeAsync();
            }
        }
    }

    /// <summary>An existing ClusterInformation keeps its GUID and a deliberate datastoreReady=false; its version is brought up to date; changed tiers are kept.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Bootstrap_keeps_existing_guid_readiness_and_tiers()
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        await store.CreateAsync(
            new ClusterInformation { Metadata = { Name = "default" }, Spec = { ClusterGuid = "0123456789abcdef0123456789abcdef", CalicoVersion = "v3.0.0", DatastoreReady = false } },
            TestToken);
        await store.CreateAsync(new Tier { Metadata = { Name = "default" }, Spec = { Order = 5, DefaultAction = "Deny" } }, TestToken);

        var info = await DatastoreBootstrap.EnsureInitializedAsync(store, TimeProvider.System, TestToken);
        Assert.Equal("0123456789abcdef0123456789abcdef", info.Spec.ClusterGuid);
        Assert.False(info.Spec.DatastoreReady);
        Assert.Equal(DatastoreBootstrap.CalicoVersion, info.Spec.CalicoVersion);
        Assert.Equal(5, (await store.GetAsync<Tier>(null, "default", TestToken))!.Spec.Order);
        Assert.NotNull(await store.GetAsync<Tier>(null, "kube-admin", TestToken));
    }
}
