using System.Text;
using Calico.Datastore.Sqlite;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Calico.Datastore.Tests.Sqlite;

/// <summary>Behaviour specific to the SQLite file: persistence, retention, file safety, options and DI.</summary>
public sealed class SqliteDatastoreTests : IDisposable
{
    private readonly TempDatabase database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task Data_and_revisions_survive_reopening_the_file()
    {
        string revision;
        await using (var store = new SqliteDatastore(new SqliteDatastoreOptions { Path = database.Path }))
        {
            await store.CreateAsync(new Tier { Metadata = { Name = "kept" }, Spec = { Order = 7 } }, Ct);
            revision = (await store.CreateAsync(new Tier { Metadata = { Name = "second" } }, Ct)).Metadata.ResourceVersion!;
        }

        await using var reopened = new SqliteDatastore(new SqliteDatastoreOptions { Path = database.Path });
        Assert.Equal(7, (await reopened.GetAsync<Tier>(null, "kept", Ct))!.Spec.Order);
        var next = await reopened.CreateAsync(new Tier { Metadata = { Name = "third" } }, Ct);
        Assert.Equal(long.Parse(revision, System.Globalization.CultureInfo.InvariantCulture) + 1, long.Parse(next.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(database.Path));
        }
    }

    [Fact]
    public async Task Event_retention_compacts_old_revisions_automatically()
    {
        await using var store = new SqliteDatastore(new SqliteDatastoreOptions { Path = database.Path, EventRetention = 16 });
        var first = await store.CreateAsync(new Tier { Metadata = { Name = "t00" } }, Ct);
        for (var i = 1; i < 40; i++)
        {
            await store.CreateAsync(new Tier { Metadata = { Name = $"t{i:D2}" } }, Ct);
        }

        await Assert.ThrowsAsync<RevisionCompactedException>(async () =>
        {
            await foreach (var e in store.WatchAsync<Tier>(first.Metadata.ResourceVersion, Ct))
            {
                Assert.Fail($"No event expected from a compacted revision, got {e}");
            }
        });

        var recent = new List<string>();
        await foreach (var e in store.WatchAsync<Tier>("30", Ct))
        {
            recent.Add(e.Name);
            if (recent.Count == 10)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(30, 10).Select(i => $"t{i:D2}"), recent);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_precisely_and_left_alone()
    {
        await File.WriteAllTextAsync(database.Path, new string('x', 4096), Ct);
        var ex = Assert.Throws<DatastoreConfigurationException>(() => new SqliteDatastore(new SqliteDatastoreOptions { Path = database.Path }));
        Assert.Contains(database.Path, ex.Message, StringComparison.Ordinal);
        Assert.Equal(new string('x', 4096), await File.ReadAllTextAsync(database.Path, Ct));
    }

    [Fact]
    public void A_newer_schema_is_refused()
    {
        using (var store = new SqliteDatastore(new SqliteDatastoreOptions { Path = database.Path }).AsDisposable())
        {
        }

        using (var connection = new SqliteConnection($"Data Source={database.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE meta SET value = 2 WHERE key = 'schema';";
            command.ExecuteNonQuery();
        }

        var ex = Assert.Throws<DatastoreConfigurationException>(() => new SqliteDatastore(new SqliteDatastoreOptions { Path = database.Path }));
        Assert.Contains("schema version 2", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 100, "Path is empty")]
    [InlineData("/tmp/x.db", 0, "EventRetention is 0")]
    public void Invalid_options_are_named(string path, int retention, string expected)
    {
        var ex = Assert.Throws<DatastoreConfigurationException>(() => new SqliteDatastore(new SqliteDatastoreOptions { Path = path, EventRetention = retention }));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_field_written_by_another_writer_is_reported_not_fatal()
    {
        await using var store = new SqliteDatastore(new SqliteDatastoreOptions { Path = database.Path });
        await store.WriteRawValueAsync(ResourceKinds.Tier, null, "bad", Encoding.UTF8.GetBytes("{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"Tier\",\"unknownField\":1}"), Ct);
        var list = await store.ListAsync<Tier>(null, Ct);
        Assert.Empty(list.Items);
        Assert.Contains("unknownField", Assert.Single(list.DecodeFailures).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_ends_when_the_store_is_disposed()
    {
        var store = new SqliteDatastore(new SqliteDatastoreOptions { Path = database.Path });
        var from = (await store.ListAsync<Tier>(null, Ct)).Revision;
        var firstEvent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watching = Task.Run(
            async () =>
            {
                var count = 0;
                await foreach (var unused in store.WatchAsync<Tier>(from, Ct))
                {
                    count++;
                    firstEvent.TrySetResult();
                }

                return count;
            },
            Ct);
        await store.CreateAsync(new Tier { Metadata = { Name = "one" } }, Ct);
        await firstEvent.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        await store.DisposeAsync();
        Assert.Equal(1, await watching.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetAsync<Tier>(null, "one", Ct));
    }

    [Fact]
    public async Task AddSqliteDatastore_registers_one_shared_IDatastore()
    {
        var services = new ServiceCollection();
        services.AddSqliteDatastore(o => o.Path = database.Path);
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IDatastore>();
        Assert.Same(store, provider.GetRequiredService<SqliteDatastore>());
        Assert.Equal(database.Path, ((SqliteDatastore)store).Path);
        await store.CreateAsync(new Tier { Metadata = { Name = "via-di" } }, Ct);
        Assert.NotNull(await store.GetAsync<Tier>(null, "via-di", Ct));
    }
}
