using System.Collections;
using Calico.Sdk.Datastore;
using Xunit;

namespace Calico.Datastore.Tests;

/// <summary>DATASTORE_TYPE and friends.</summary>
public sealed class DatastoreOptionsTests
{
    [Fact]
    public void Defaults_to_sqlite_at_the_standard_path()
    {
        var options = DatastoreOptions.FromEnvironment(new Hashtable());
        Assert.Equal(DatastoreType.Sqlite, options.Type);
        Assert.Equal("/var/lib/calico/calico.db", options.SqlitePath);
    }

    [Fact]
    public void Reads_sqlite_path_and_etcd_endpoints()
    {
        var sqlite = DatastoreOptions.FromEnvironment(new Hashtable { ["DATASTORE_TYPE"] = "SQLite", ["SQLITE_PATH"] = "/tmp/x.db" });
        Assert.Equal("/tmp/x.db", sqlite.SqlitePath);
        var etcd = DatastoreOptions.FromEnvironment(new Hashtable { ["DATASTORE_TYPE"] = "etcdv3", ["ETCD_ENDPOINTS"] = "http://127.0.0.1:2379, http://[::1]:2379," });
        Assert.Equal(DatastoreType.EtcdV3, etcd.Type);
        Assert.Equal(["http://127.0.0.1:2379/", "http://[::1]:2379/"], etcd.EtcdEndpoints.Select(u => u.ToString()));
        var defaultEtcd = DatastoreOptions.FromEnvironment(new Hashtable { ["DATASTORE_TYPE"] = "etcdv3" });
        Assert.Equal("http://127.0.0.1:2379/", defaultEtcd.EtcdEndpoints.Single().ToString());
    }

    [Fact]
    public void Kubernetes_fails_with_a_precise_message()
    {
        var ex = Assert.Throws<DatastoreConfigurationException>(() => DatastoreOptions.FromEnvironment(new Hashtable { ["DATASTORE_TYPE"] = "kubernetes" }));
        Assert.Contains("not available in this release", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DATASTORE_TYPE=kubernetes", ex.Message, StringComparison.Ordinal);
        Assert.Throws<DatastoreConfigurationException>(() => new DatastoreOptions { Type = DatastoreType.Kubernetes }.Validate());
    }

    [Theory]
    [InlineData("DATASTORE_TYPE", "mysql", "'mysql' is not a datastore type")]
    [InlineData("ETCD_ENDPOINTS", "127.0.0.1:2379", "is not an endpoint")]
    [InlineData("ETCD_ENDPOINTS", "ftp://h:1", "is not an endpoint")]
    [InlineData("ETCD_ENDPOINTS", "http://h", "has no port")]
    [InlineData("ETCD_ENDPOINTS", "http://h:2379/v3", "has a path")]
    [InlineData("ETCD_ENDPOINTS", "http://a:1,https://b:2", "mixes http and https")]
    [InlineData("ETCD_ENDPOINTS", " , ", "lists no endpoint")]
    public void Invalid_values_are_named(string variable, string value, string expected)
    {
        var env = new Hashtable { ["DATASTORE_TYPE"] = "etcdv3", [variable] = value };
        var ex = Assert.Throws<DatastoreConfigurationException>(() => DatastoreOptions.FromEnvironment(env));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_files_are_checked()
    {
        var cert = Path.GetTempFileName();
        try
        {
            var halfPair = new Hashtable { ["DATASTORE_TYPE"] = "etcdv3", ["ETCD_ENDPOINTS"] = "https://h:2379", ["ETCD_CERT_FILE"] = cert };
            Assert.Contains("must be set together", Assert.Throws<DatastoreConfigurationException>(() => DatastoreOptions.FromEnvironment(halfPair)).Message, StringComparison.Ordinal);

            var missing = new Hashtable { ["DATASTORE_TYPE"] = "etcdv3", ["ETCD_ENDPOINTS"] = "https://h:2379", ["ETCD_CERT_FILE"] = cert, ["ETCD_KEY_FILE"] = "/nonexistent/key.pem" };
            var ex = Assert.Throws<DatastoreConfigurationException>(() => DatastoreOptions.FromEnvironment(missing));
            Assert.Contains("ETCD_KEY_FILE='/nonexistent/key.pem': the file does not exist", ex.Message, StringComparison.Ordinal);

            var plain = new Hashtable { ["DATASTORE_TYPE"] = "etcdv3", ["ETCD_ENDPOINTS"] = "http://h:2379", ["ETCD_CA_CERT_FILE"] = cert };
            Assert.Contains("uses http", Assert.Throws<DatastoreConfigurationException>(() => DatastoreOptions.FromEnvironment(plain)).Message, StringComparison.Ordinal);

            var good = new Hashtable { ["DATASTORE_TYPE"] = "etcdv3", ["ETCD_ENDPOINTS"] = "https://h:2379", ["ETCD_CA_CERT_FILE"] = cert, ["ETCD_CERT_FILE"] = cert, ["ETCD_KEY_FILE"] = cert };
            Assert.Equal(cert, DatastoreOptions.FromEnvironment(good).EtcdCaCertFile);
        }
        finally
        {
            File.Delete(cert);
        }
    }
}
