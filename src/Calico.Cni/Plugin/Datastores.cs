using System.Runtime.InteropServices;
using Calico.Cni.Cni;
using Calico.Cni.Config;
using Calico.Cni.Diagnostics;
using Calico.Datastore.Etcd;
using Calico.Datastore.Sqlite;
using Calico.Sdk.Datastore;

namespace Calico.Cni.Plugin;

/// <summary>Opens the configured datastore (composed at compile time: no plugin loading in the CNI binaries).</summary>
internal static class Datastores
{
    private static readonly Lock ResolverGate = new();
    private static bool resolverSet;

    /// <summary>The configured datastore (wrapped for tracing when <c>CALICO_CNI_TRACE=1</c>).</summary>
    public static IDatastore Open(NetConf conf) => TracedDatastore.Wrap(OpenCore(conf));

    private static IDatastore OpenCore(NetConf conf)
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

        LoadSqliteFromAppDirectory();
        try
        {
            // Normal: the invocation's commits are made durable together by one Flush before the result is answered
            // (see Flush), not by one fsync each.
            return new SqliteDatastore(new SqliteDatastoreOptions
            {
                Path = conf.SqlitePath,
                BusyTimeout = TimeSpan.FromSeconds(10),
                Synchronous = SqliteSynchronousMode.Normal,
            });
        }
        catch (DatastoreConfigurationException e)
        {
            throw new CniException(CniCodes.TryAgainLater, $"the SQLite datastore '{conf.SqlitePath}' cannot be used: {e.Message}", null, e);
        }
    }

    /// <summary>
    /// Loads SQLite and runs its one-time initialisation (native library, SQLitePCL provider, Microsoft.Data.Sqlite's
    /// static set-up) without touching any database file: a warm-up step for the sidecar, so that the command's
    /// first open of the real file pays only for the file.
    /// </summary>
    public static void WarmUpSqlite()
    {
        LoadSqliteFromAppDirectory();
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:;Pooling=False");
        connection.Open();
    }

    /// <summary>
    /// Loads SQLite's native library straight from next to the executable, where publishing puts it. Left to the
    /// default probing, the name <c>e_sqlite3</c> is tried in ~45 places of the library search path first. Both the
    /// sidecar's warm-up and the command may get here first; the resolver is set once.
    /// </summary>
    private static void LoadSqliteFromAppDirectory()
    {
        lock (ResolverGate)
        {
            if (resolverSet)
            {
                return;
            }

            var provider = typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly;
            var file = Path.Combine(AppContext.BaseDirectory, "libe_sqlite3.so");
            NativeLibrary.SetDllImportResolver(provider, (name, _, _) =>
                name == "e_sqlite3" && NativeLibrary.TryLoad(file, out var handle) ? handle : IntPtr.Zero);
            resolverSet = true;
        }
    }

    /// <summary>
    /// Makes this invocation's writes durable before it answers: the SQLite store is opened without an fsync per
    /// commit, so ADD (IPAM block, handle, endpoint) and DEL pay one fsync instead of three, and ADD overlaps it with
    /// the wait for the agent. etcd acknowledges only durable writes: nothing to do.
    /// </summary>
    public static void Flush(IDatastore store)
    {
        if ((store is TracedDatastore traced ? traced.Inner : store) is SqliteDatastore sqlite)
        {
            sqlite.Flush();
            PhaseTrace.Mark("flush");
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
