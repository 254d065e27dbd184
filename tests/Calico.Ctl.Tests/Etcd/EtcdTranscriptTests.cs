using Xunit;

namespace Calico.Ctl.Tests.Etcd;

/// <summary>
/// The same golden transcripts against a real etcd (DATASTORE_TYPE=etcdv3): calicoctl's output does not depend on
/// the backend. Also a whole-datastore migration from SQLite to etcd and back.
/// </summary>
[Collection(EtcdCollection.Name)]
public sealed class EtcdTranscriptTests(EtcdServer etcd)
{
    public static TheoryData<string> All() => [.. Transcript.Names().Where(n => !Transcript.SqliteOnly(n))];

    [Theory]
    [MemberData(nameof(All))]
    public async Task Transcript_matches_on_etcd(string name)
    {
        etcd.Require();
        await etcd.WipeAsync();
        var work = Workspace.Create();
        try
        {
            var runner = new CtlRunner(work, new Dictionary<string, string>
            {
                ["DATASTORE_TYPE"] = "etcdv3",
                ["ETCD_ENDPOINTS"] = etcd.Endpoint,
                ["FELIX_ENDPOINTSTATUSPATHPREFIX"] = Path.Combine(work, "run"),
            });
            var (expected, actual) = await Transcript.ReplayAsync(name, runner);
            Assert.Equal(expected, actual.Replace("Cluster Type:      etcdv3", "Cluster Type:      sqlite", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Migrate_moves_a_whole_datastore_from_sqlite_to_etcd_and_back()
    {
        etcd.Require();
        await etcd.WipeAsync();
        var work = Workspace.Create();
        try
        {
            var sqlite = new CtlRunner(work, new Dictionary<string, string> { ["SQLITE_PATH"] = Path.Combine(work, "a.db") });
            var onEtcd = new CtlRunner(work, new Dictionary<string, string> { ["DATASTORE_TYPE"] = "etcdv3", ["ETCD_ENDPOINTS"] = etcd.Endpoint });
            var back = new CtlRunner(work, new Dictionary<string, string> { ["SQLITE_PATH"] = Path.Combine(work, "b.db") });
            foreach (var file in new[] { "pools.yaml", "dir", "policies.yaml", "weps.yaml", "profile-ns1.yaml", "list.yaml", "hep.yaml" })
            {
                Assert.Equal(0, (await sqlite.RunAsync($"create -f {file}")).ExitCode);
            }

            Assert.Equal(0, (await sqlite.RunAsync("ipam configure --strictaffinity=true")).ExitCode);
            var export = await sqlite.RunAsync("datastore migrate export");
            Assert.Equal(0, export.ExitCode);
            var count = export.Stdout.Split("\n---\n").Length;
            Assert.True(count > 15, $"only {count} documents exported");
            File.WriteAllText(Path.Combine(work, "export.yaml"), export.Stdout);

            var import = await onEtcd.RunAsync("datastore migrate import -f export.yaml");
            Assert.Equal(0, import.ExitCode);
            Assert.Equal($"Successfully imported {count} resource(s)\n", import.Stdout);

            var fromEtcd = await onEtcd.RunAsync("datastore migrate export");
            Assert.Equal(Strip(export.Stdout), Strip(fromEtcd.Stdout));

            File.WriteAllText(Path.Combine(work, "etcd.yaml"), fromEtcd.Stdout);
            Assert.Equal(0, (await back.RunAsync("datastore migrate import -f etcd.yaml")).ExitCode);
            Assert.Equal(Strip(export.Stdout), Strip((await back.RunAsync("datastore migrate export")).Stdout));
            Assert.Equal((await sqlite.RunAsync("get weps -A -o wide")).Stdout, (await onEtcd.RunAsync("get weps -A -o wide")).Stdout);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    // uid and creationTimestamp travel with the objects; only the store's revisions differ.
    private static string Strip(string yaml) =>
        string.Join('\n', yaml.Split('\n').Where(l => !l.TrimStart().StartsWith("resourceVersion:", StringComparison.Ordinal)));
}

[CollectionDefinition(Name)]
public sealed class EtcdCollection : ICollectionFixture<EtcdServer>
{
    public const string Name = "calicoctl etcd";
}
