using System.Collections;
using Calico.Ctl.Cli;
using Calico.Datastore.Etcd;
using Calico.Datastore.Sqlite;
using Calico.Sdk.Datastore;
using YamlDotNet.RepresentationModel;

namespace Calico.Ctl.Config;

/// <summary>
/// Where the datastore is: the <c>CalicoAPIConfig</c> file (<c>--config</c>, default <c>/etc/calico/calicoctl.cfg</c>)
/// when it exists, else the environment variables Calico users know (<c>DATASTORE_TYPE</c>, <c>ETCD_ENDPOINTS</c>,
/// <c>ETCD_CA_CERT_FILE</c>, <c>ETCD_CERT_FILE</c>, <c>ETCD_KEY_FILE</c>, and <c>SQLITE_PATH</c> for the embedded
/// default). As in calicoctl, a config file given explicitly must exist.
/// </summary>
internal static class ClientConfig
{
    public const string DefaultConfigFile = "/etc/calico/calicoctl.cfg";

    // CalicoAPIConfig spec field → the environment variable with the same meaning.
    private static readonly (string Field, string Variable)[] Fields =
    [
        ("datastoreType", DatastoreOptions.DatastoreTypeVariable),
        ("etcdEndpoints", DatastoreOptions.EtcdEndpointsVariable),
        ("etcdCACertFile", DatastoreOptions.EtcdCaCertFileVariable),
        ("etcdCertFile", DatastoreOptions.EtcdCertFileVariable),
        ("etcdKeyFile", DatastoreOptions.EtcdKeyFileVariable),
        ("sqlitePath", DatastoreOptions.SqlitePathVariable),
    ];

    public static DatastoreOptions Load(CtlContext ctx, string? configPath)
    {
        var path = configPath is null ? DefaultConfigFile : ctx.ResolvePath(configPath);
        IDictionary source = ctx.Environment;
        if (File.Exists(path))
        {
            source = ReadFile(path);
        }
        else if (configPath is not null)
        {
            throw new CtlException($"Failed to load client config: config file {path} does not exist");
        }

        try
        {
            var options = DatastoreOptions.FromEnvironment(source);

            // A relative SQLite path is relative to where calicoctl runs, not to the process's first directory.
            options.SqlitePath = ctx.ResolvePath(options.SqlitePath);
            return options;
        }
        catch (DatastoreConfigurationException ex)
        {
            throw new CtlException($"Failed to load client config: {ex.Message}");
        }
    }

    public static IDatastore Open(DatastoreOptions options)
    {
        try
        {
            switch (options.Type)
            {
                case DatastoreType.EtcdV3:
                    var etcd = new EtcdDatastoreOptions();
                    etcd.CopyFrom(options);
                    return new EtcdDatastore(etcd);
                default:
                    return new SqliteDatastore(SqliteDatastoreOptions.From(options));
            }
        }
        catch (DatastoreException ex)
        {
            throw new CtlException($"Failed to open the {Describe(options)} datastore: {ex.Message}");
        }
    }

    public static string Describe(DatastoreOptions options) => options.Type switch
    {
        DatastoreType.EtcdV3 => "etcdv3",
        DatastoreType.Kubernetes => "kubernetes",
        _ => "sqlite",
    };

    private static Hashtable ReadFile(string path)
    {
        YamlMappingNode root;
        try
        {
            using var reader = new StreamReader(path);
            var stream = new YamlStream();
            stream.Load(reader);
            root = stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode m
                ? m
                : throw new CtlException($"Failed to load client config: {path} must hold one CalicoAPIConfig document");
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new CtlException($"Failed to load client config: {path} line {ex.Start.Line}: {ex.Message}");
        }

        var kind = Scalar(root, "kind");
        if (kind is not null && kind != "CalicoAPIConfig")
        {
            throw new CtlException($"Failed to load client config: {path}: kind is \"{kind}\", expected CalicoAPIConfig");
        }

        var result = new Hashtable();
        if (root.Children.TryGetValue(new YamlScalarNode("spec"), out var specNode))
        {
            if (specNode is not YamlMappingNode spec)
            {
                throw new CtlException($"Failed to load client config: {path}: spec must be a mapping");
            }

            foreach (var (key, _) in spec.Children)
            {
                var name = (key as YamlScalarNode)?.Value;
                if (!Fields.Any(f => f.Field == name) && name is not ("etcdUsername" or "etcdPassword" or "kubeconfig" or "k8sAPIEndpoint"))
                {
                    throw new CtlException($"Failed to load client config: {path}: spec.{name} is not a CalicoAPIConfig field");
                }
            }

            foreach (var (field, variable) in Fields)
            {
                if (Scalar(spec, field) is { } value)
                {
                    result[variable] = value;
                }
            }
        }

        return result;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode s ? s.Value : null;
}
