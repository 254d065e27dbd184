using System.Globalization;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Xunit;

namespace Calico.Sdk.Testing.Datastore;

/// <content>Create, read, update, delete and compare-and-swap.</content>
public abstract partial class DatastoreConformanceTests
{
    /// <summary>Create assigns revision, uid and timestamp; the input is not mutated; get returns an equal copy.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Create_assigns_metadata_and_get_returns_a_copy()
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        var input = NewTier("alpha", 42);
        input.Metadata.ResourceVersion = "999";
        var created = await store.CreateAsync(input, TestToken);

        Assert.Equal("999", input.Metadata.ResourceVersion);
        Assert.Null(input.Metadata.Uid);
        Assert.False(string.IsNullOrEmpty(created.Metadata.ResourceVersion));
        Assert.NotEqual("999", created.Metadata.ResourceVersion);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.True(DateTimeOffset.TryParse(created.Metadata.CreationTimestamp, CultureInfo.InvariantCulture, out _), created.Metadata.CreationTimestamp);

        var read = await store.GetAsync<Tier>(null, "alpha", TestToken);
        Assert.NotNull(read);
        Assert.NotSame(created, read);
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
        Assert.Equal(42, read.Spec.Order);
        Assert.Equal("Deny", read.Spec.DefaultAction);
        Assert.Null(await store.GetAsync<Tier>(null, "missing", TestToken));
    }

    /// <summary>Creating an existing key fails with AlreadyExists and keeps the original.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Create_of_existing_key_throws_AlreadyExists_and_keeps_original()
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        var first = await store.CreateAsync(NewTier("dup", 1), TestToken);
        var ex = await Assert.ThrowsAsync<ResourceAlreadyExistsException>(() => store.CreateAsync(NewTier("dup", 2), TestToken));
        Assert.Equal(("Tier", null, "dup"), (ex.Kind, ex.Namespace, ex.Name));
        var read = await store.GetAsync<Tier>(null, "dup", TestToken);
        Assert.Equal(1, read!.Spec.Order);
        Assert.Equal(first.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
    }

    /// <summary>Update is compare-and-swap: current revision succeeds, a stale one conflicts and changes nothing.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Update_is_compare_and_swap_on_the_revision()
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        var v1 = await store.CreateAsync(NewTier("cas", 1), TestToken);
        v1.Spec.Order = 2;
        var v2 = await store.UpdateAsync(v1, TestToken);
        Assert.NotEqual(v1.Metadata.ResourceVersion, v2.Metadata.ResourceVersion);
        Assert.Equal(v1.Metadata.Uid, v2.Metadata.Uid);

        v1.Spec.Order = 3;
        var conflict = await Assert.ThrowsAsync<ResourceConflictException>(() => store.UpdateAsync(v1, TestToken));
        Assert.Equal(v1.Metadata.ResourceVersion, conflict.ExpectedRevision);
        Assert.Equal("cas", conflict.Name);
        var read = await store.GetAsync<Tier>(null, "cas", TestToken);
        Assert.Equal(2, read!.Spec.Order);
        Assert.Equal(v2.Metadata.ResourceVersion, read.Metadata.ResourceVersion);

        var noRevision = NewTier("cas", 4);
        var argument = await Assert.ThrowsAsync<ArgumentException>(() => store.UpdateAsync(noRevision, TestToken));
        Assert.Contains("resourceVersion", argument.Message, StringComparison.Ordinal);
        var missing = NewTier("missing", 1);
        missing.Metadata.ResourceVersion = v2.Metadata.ResourceVersion;
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => store.UpdateAsync(missing, TestToken));
    }

    /// <summary>Delete: unconditional, conditional (stale revision conflicts), and missing keys.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Delete_is_optionally_compare_and_swap()
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        var v1 = await store.CreateAsync(NewTier("del", 1), TestToken);
        var v2 = await store.UpdateAsync(v1, TestToken);
        var conflict = await Assert.ThrowsAsync<ResourceConflictException>(() => store.DeleteAsync<Tier>(null, "del", v1.Metadata.ResourceVersion, TestToken));
        Assert.Equal("del", conflict.Name);
        Assert.NotNull(await store.GetAsync<Tier>(null, "del", TestToken));

        await store.DeleteAsync<Tier>(null, "del", v2.Metadata.ResourceVersion, TestToken);
        Assert.Null(await store.GetAsync<Tier>(null, "del", TestToken));
        var notFound = await Assert.ThrowsAsync<ResourceNotFoundException>(() => store.DeleteAsync<Tier>(null, "del", null, TestToken));
        Assert.Equal("del", notFound.Name);

        await store.CreateAsync(NewTier("del2", 1), TestToken);
        await store.DeleteAsync<Tier>(null, "del2", null, TestToken);
        Assert.Null(await store.GetAsync<Tier>(null, "del2", TestToken));
    }

    /// <summary>Namespaced keys: the same name in two namespaces are two objects; lists filter by namespace and prefix.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Namespaced_keys_are_independent_and_lists_filter()
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        await store.CreateAsync(NewNetworkSet("ns-a", "web", "10.0.1.0/24"), TestToken);
        await store.CreateAsync(NewNetworkSet("ns-b", "web", "10.0.2.0/24"), TestToken);
        await store.CreateAsync(NewNetworkSet("ns-a", "db", "10.0.3.0/24"), TestToken);
        await store.CreateAsync(NewNetworkSet("ns-a-b", "api", "10.0.4.0/24"), TestToken);

        Assert.Equal("10.0.2.0/24", (await store.GetAsync<NetworkSet>("ns-b", "web", TestToken))!.Spec.Nets![0]);
        var all = await store.ListAsync<NetworkSet>(null, TestToken);
        Assert.Equal(["ns-a-b/api", "ns-a/db", "ns-a/web", "ns-b/web"], all.Items.Select(i => i.Metadata.Namespace + "/" + i.Metadata.Name));
        var inA = await store.ListAsync<NetworkSet>(new ListOptions { Namespace = "ns-a" }, TestToken);
        Assert.Equal(["db", "web"], inA.Items.Select(i => i.Metadata.Name));
        var prefixed = await store.ListAsync<NetworkSet>(new ListOptions { NamePrefix = "we" }, TestToken);
        Assert.Equal(["ns-a", "ns-b"], prefixed.Items.Select(i => i.Metadata.Namespace));
        Assert.Empty((await store.ListAsync<Tier>(null, TestToken)).Items);

        await store.DeleteAsync<NetworkSet>("ns-a", "web", null, TestToken);
        Assert.NotNull(await store.GetAsync<NetworkSet>("ns-b", "web", TestToken));
    }

    /// <summary>N concurrent writers x M read-modify-write cycles on one key: the counter ends at N x M.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Concurrent_read_modify_write_loses_no_update()
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        var other = await OpenAnotherClientAsync(store, TestToken);
        try
        {
            await store.CreateAsync(NewTier("counter", 1), TestToken);
            var conflicts = 0;
            var writers = Enumerable.Range(0, ConcurrentWriters).Select(w => Task.Run(
                async () =>
                {
                    var client = w % 2 == 0 ? store : other;
                    for (var cycle = 0; cycle < CyclesPerWriter; cycle++)
                    {
                        while (true)
                        {
                            var tier = (await client.GetAsync<Tier>(null, "counter", TestToken))!;
                            tier.Metadata.Annotations ??= new Dictionary<string, string>();
                            tier.Metadata.Annotations["counter"] = (Counter(tier) + 1).ToString(CultureInfo.InvariantCulture);
                            try
                            {
                                await client.UpdateAsync(tier, TestToken);
                                break;
                            }
                            catch (ResourceConflictException)
                            {
                                Interlocked.Increment(ref conflicts);
                            }
                        }
                    }
                },
                TestToken)).ToArray();
            await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60), TestToken);

            var final = await store.GetAsync<Tier>(null, "counter", TestToken);
            Assert.Equal(ConcurrentWriters * CyclesPerWriter, Counter(final!));
            TestContext.Current.TestOutputHelper?.WriteLine($"{ConcurrentWriters}x{CyclesPerWriter} read-modify-write cycles, {conflicts} conflicts retried.");
        }
        finally
        {
            if (!ReferenceEquals(other, store))
            {
                await other.DisposeAsync();
            }
        }
    }

    /// <summary>Many concurrent creates of one key: exactly one wins, the others see AlreadyExists.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Concurrent_creates_of_one_key_have_exactly_one_winner()
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(
            async () =>
            {
                try
                {
                    await store.CreateAsync(NewTier("race", i), TestToken);
                    return true;
                }
                catch (ResourceAlreadyExistsException)
                {
                    return false;
                }
            },
            TestToken)));
        Assert.Single(outcomes, won => won);
        Assert.Single((await store.ListAsync<Tier>(null, TestToken)).Items);
    }
}
