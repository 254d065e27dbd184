using System.Collections;

namespace Calico.Sdk.Datastore;

/// <summary>
/// Which datastore to use and how to reach it, with the environment variables Calico users know
/// (<c>DATASTORE_TYPE</c>, <c>SQLITE_PATH</c>, <c>ETCD_ENDPOINTS</c>, <c>ETCD_CA_CERT_FILE</c>,
/// <c>ETCD_CERT_FILE</c>, <c>ETCD_KEY_FILE</c>).
/// </summary>
public sealed class DatastoreOptions
{
    /// <summary>The environment variable selecting the backend: <c>sqlite</c> (default), <c>etcdv3</c> or <c>kubernetes</c>.</summary>
    public const string DatastoreTypeVariable = "DATASTORE_TYPE";

    /// <summary>The environment variable with the SQLite file path.</summary>
    public const string SqlitePathVariable = "SQLITE_PATH";

    /// <summary>The environment variable with comma-separated etcd endpoints.</summary>
    public const string EtcdEndpointsVariable = "ETCD_ENDPOINTS";

    /// <summary>The environment variable with the PEM CA bundle that signs the etcd server certificate.</summary>
    public const string EtcdCaCertFileVariable = "ETCD_CA_CERT_FILE";

    /// <summary>The environment variable with the PEM client certificate for etcd.</summary>
    public const string EtcdCertFileVariable = "ETCD_CERT_FILE";

    /// <summary>The environment variable with the PEM private key of the client certificate.</summary>
    public const string EtcdKeyFileVariable = "ETCD_KEY_FILE";

    /// <summary>The default SQLite file.</summary>
    public const string DefaultSqlitePath = "/var/lib/calico/calico.db";

    /// <summary>The default etcd endpoint, as in Calico.</summary>
    public const string DefaultEtcdEndpoint = "http://127.0.0.1:2379";

    /// <summary>The backend.</summary>
    public DatastoreType Type { get; set; } = DatastoreType.Sqlite;

    /// <summary>The SQLite file (for <see cref="DatastoreType.Sqlite"/>).</summary>
    public string SqlitePath { get; set; } = DefaultSqlitePath;

    /// <summary>The etcd endpoints, all <c>http</c> or all <c>https</c>, each with an explicit port.</summary>
    public IReadOnlyList<Uri> EtcdEndpoints { get; set; } = [new Uri(DefaultEtcdEndpoint)];

    /// <summary>The CA bundle that signs the etcd server certificate; <see langword="null"/> for the system trust store.</summary>
    public string? EtcdCaCertFile { get; set; }

    /// <summary>The client certificate for etcd (requires <see cref="EtcdKeyFile"/>).</summary>
    public string? EtcdCertFile { get; set; }

    /// <summary>The private key of <see cref="EtcdCertFile"/>.</summary>
    public string? EtcdKeyFile { get; set; }

    /// <summary>Reads and validates the options from environment variables.</summary>
    /// <param name="environment">The variables, e.g. <see cref="Environment.GetEnvironmentVariables()"/>.</param>
    /// <returns>The validated options.</returns>
    /// <exception cref="DatastoreConfigurationException">A variable is invalid; the message names it, its value and what is expected.</exception>
    public static DatastoreOptions FromEnvironment(IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var options = new DatastoreOptions
        {
            Type = DatastoreEnvironment.ParseType(Read(environment, DatastoreTypeVariable)),
            SqlitePath = Read(environment, SqlitePathVariable) ?? DefaultSqlitePath,
            EtcdCaCertFile = Read(environment, EtcdCaCertFileVariable),
            EtcdCertFile = Read(environment, EtcdCertFileVariable),
            EtcdKeyFile = Read(environment, EtcdKeyFileVariable),
        };
        var endpoints = Read(environment, EtcdEndpointsVariable);
        if (endpoints is not null)
        {
            options.EtcdEndpoints = DatastoreEnvironment.ParseEndpoints(endpoints);
        }

        options.Validate();
        return options;
    }

    /// <summary>Checks the options for the selected backend.</summary>
    /// <exception cref="DatastoreConfigurationException">An option is invalid; the message says which and why.</exception>
    public void Validate()
    {
        switch (Type)
        {
            case DatastoreType.Sqlite:
                if (string.IsNullOrWhiteSpace(SqlitePath))
                {
                    throw new DatastoreConfigurationException($"{SqlitePathVariable} is empty: give the path of the SQLite file (default {DefaultSqlitePath}).");
                }

                break;
            case DatastoreType.EtcdV3:
                DatastoreEnvironment.ValidateEtcd(this);
                break;
            case DatastoreType.Kubernetes:
                throw new DatastoreConfigurationException(DatastoreEnvironment.KubernetesUnavailable);
            default:
                throw new DatastoreConfigurationException($"Unknown datastore type {(int)Type}.");
        }
    }

    private static string? Read(IDictionary environment, string name)
    {
        var value = environment[name] as string;
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
