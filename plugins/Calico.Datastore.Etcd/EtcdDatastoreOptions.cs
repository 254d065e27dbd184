using System.Collections;
using Calico.Sdk.Datastore;

namespace Calico.Datastore.Etcd;

/// <summary>
/// How to reach etcd: endpoints, TLS files and the connection-health timings. <see cref="FromEnvironment"/> reads the
/// variables Calico users know (<c>ETCD_ENDPOINTS</c>, <c>ETCD_CA_CERT_FILE</c>, <c>ETCD_CERT_FILE</c>,
/// <c>ETCD_KEY_FILE</c>).
/// </summary>
/// <remarks>
/// Dead-connection detection: while a request or watch is open, an HTTP/2 PING is sent once
/// <see cref="KeepAlivePingDelay"/> has passed without any frame from the server, and the connection is torn down
/// when the ACK does not arrive within <see cref="KeepAlivePingTimeout"/>. SocketsHttpHandler checks both on a 1 s
/// timer, so with the defaults (5 s + 2 s) a black-holed connection is declared dead 7–9 s after the last frame,
/// failing every call on it (writes in flight end as outcome-unknown) and making watches reconnect. The delay is not
/// lower because etcd answers clients that ping more often than its <c>--grpc-keepalive-min-time</c> (default 5 s)
/// with GOAWAY "too_many_pings"; raise it if your etcd uses a larger minimum. Pings are only sent while requests are
/// active, because etcd also counts pings on a connection without streams as abuse.
/// </remarks>
public sealed class EtcdDatastoreOptions
{
    /// <summary>The client URLs, e.g. <c>http://127.0.0.1:2379</c> or <c>https://10.0.0.1:2379</c>; the first
    /// reachable one is used, the others are fail-over targets. Empty means <c>http://127.0.0.1:2379</c>.</summary>
    public IList<Uri> Endpoints { get; } = new List<Uri>();

    /// <summary>PEM file of the CA that signed etcd's server certificate. When set, only this CA is trusted
    /// (the system store is not consulted).</summary>
    public string? CaCertFile { get; set; }

    /// <summary>PEM file of the client certificate presented to etcd (with <see cref="KeyFile"/>).</summary>
    public string? CertFile { get; set; }

    /// <summary>PEM file of the client certificate's private key.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Idle time after which an HTTP/2 PING probes an active connection. Default 5 s (etcd's minimum).</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for a PING ACK before the connection is declared dead. Default 2 s.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>TCP + TLS connection set-up limit. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Deadline of every unary request. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many keys one list page fetches from etcd. Default 500.</summary>
    public int ListPageSize { get; set; } = 500;

    /// <summary>The largest encoded value accepted for a write, in bytes (etcd's default request limit is
    /// 1.5 MiB). Default <see cref="DatastoreLimits.DefaultMaxValueBytes"/>.</summary>
    public int MaxValueBytes { get; set; } = DatastoreLimits.DefaultMaxValueBytes;

    /// <summary>How long a watch keeps trying to reconnect before it fails with
    /// <see cref="DatastoreUnavailableException"/>. Default 5 minutes.</summary>
    public TimeSpan WatchGiveUpAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>First delay before a dropped watch is re-established (doubles up to 5 s).</summary>
    public TimeSpan WatchRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Reads <c>ETCD_ENDPOINTS</c> (comma-separated), <c>ETCD_CA_CERT_FILE</c>, <c>ETCD_CERT_FILE</c> and
    /// <c>ETCD_KEY_FILE</c> with the same rules as <see cref="DatastoreOptions.FromEnvironment"/>.
    /// </summary>
    /// <param name="environment">The variables, e.g. <see cref="Environment.GetEnvironmentVariables()"/>.</param>
    /// <returns>The options; <c>http://127.0.0.1:2379</c> when no endpoint is configured.</returns>
    /// <exception cref="DatastoreConfigurationException">A variable is invalid; the message names it.</exception>
    public static EtcdDatastoreOptions FromEnvironment(IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var copy = new Hashtable();
        foreach (DictionaryEntry entry in environment)
        {
            copy[entry.Key] = entry.Value;
        }

        copy[DatastoreOptions.DatastoreTypeVariable] = "etcdv3";
        var options = new EtcdDatastoreOptions();
        options.CopyFrom(DatastoreOptions.FromEnvironment(copy));
        return options;
    }

    /// <summary>Takes the endpoints and TLS files of the SDK-wide datastore options.</summary>
    /// <param name="options">The datastore options (type <c>etcdv3</c>).</param>
    public void CopyFrom(DatastoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Endpoints.Clear();
        foreach (var endpoint in options.EtcdEndpoints)
        {
            Endpoints.Add(endpoint);
        }

        CaCertFile = options.EtcdCaCertFile;
        CertFile = options.EtcdCertFile;
        KeyFile = options.EtcdKeyFile;
    }
}
