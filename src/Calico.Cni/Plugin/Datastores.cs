using Calico.Cni.Cni;
using Calico.Cni.Config;
using Calico.Datastore.Etcd;
using Calico.Datastore.Sqlite;
using Calico.Sdk.Datastore;

namespace Calico.Cni.Plugin;

/// <summary>Opens the configured datastore (composed at compile time: no plugin loading in the CNI binaries).</summary>
internal static class Datastores
{
    public static IDatastore Open(NetConf conf)
    {
        if (conf.DatastoreType == "etcdv3")
        {
            var options = new EtcdDatastoreOptions
            {
                CaCertFile = conf.EtcdCaCertFile,
                CertFile = conf.EtcdCertFile,
                KeyFile = conf.EtcdKeyFile,
                ConnectTimeout = TimeSpan.FromSeconds(3),
                RequestTimeout = TimeSpan.FromSeconds(10),
            };
            foreach (var endpoint in conf.EtcdEndpoints.Count > 0 ? conf.EtcdEndpoints : [new Uri(DatastoreOptions.DefaultEtcdEndpoint)])
            {
                options.Endpoints.Add(endpoint);
            }

            return new EtcdDatastore(options);
        }

        try
        {
            return new SqliteDatastore(new SqliteDatastoreOptions { Path = conf.SqlitePath, BusyTimeout = TimeSpan.FromSeconds(10) });
        }
        catch (DatastoreConfigurationException e)
        {
            throw new CniException(CniCodes.TryAgainLater, $"the SQLite datastore '{conf.SqlitePath}' cannot be used: {e.Message}", null, e);
        }
    }

    /// <summary>Calico's order: <c>nodename</c>, then the contents of <c>nodename_file</c> (written by the agent), then,
    /// when <c>nodename_file_optional</c>, the host name.</summary>
    public static string NodeName(NetConf conf)
    {
        if (!string.IsNullOrEmpty(conf.Nodename))
        {
            return conf.Nodename;
        }

        if (File.Exists(conf.NodenameFile))
        {
            var name = File.ReadAllText(conf.NodenameFile).Trim();
            if (name.Length > 0)
            {
                return name;
            }
        }

        if (conf.NodenameFileOptional)
        {
            return Environment.MachineName.ToLowerInvariant();
        }

        throw new CniException(
            CniCodes.TryAgainLater,
            $"node name file '{conf.NodenameFile}' is missing or empty: is calico-node running and is /var/lib/calico/ mounted?");
    }
}
