using System.Security.Cryptography;
using Calico.Sdk.Datastore;
using System.Security.Cryptography.X509Certificates;

namespace Calico.Datastore.Etcd.Client;

/// <summary>Validated, loaded form of <see cref="EtcdDatastoreOptions"/>: parsed endpoints and TLS material.</summary>
internal sealed class EtcdSettings
{
    private EtcdSettings(EtcdDatastoreOptions options, IReadOnlyList<Uri> endpoints, X509Certificate2Collection? ca, EtcdClientCertificate? clientCert)
    {
        Options = options;
        Endpoints = endpoints;
        CaCertificates = ca;
        ClientCertificate = clientCert;
    }

    public EtcdDatastoreOptions Options { get; }

    public IReadOnlyList<Uri> Endpoints { get; }

    public X509Certificate2Collection? CaCertificates { get; }

    /// <summary>The client certificate files, re-read at every TLS handshake (rotation without restart).</summary>
    public EtcdClientCertificate? ClientCertificate { get; }

    /// <summary>Checks every setting and loads the certificate files; throws naming the offending setting.</summary>
    public static EtcdSettings Load(EtcdDatastoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<Uri> endpoints = options.Endpoints.Count == 0 ? [new Uri(DatastoreOptions.DefaultEtcdEndpoint)] : [.. options.Endpoints];
        foreach (var uri in endpoints)
        {
            if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.AbsolutePath != "/")
            {
                throw new DatastoreConfigurationException($"{DatastoreOptions.EtcdEndpointsVariable}: '{uri}' is not an endpoint; expected http://host:port or https://host:port.");
            }
        }

        if (endpoints.Select(u => u.Scheme).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw new DatastoreConfigurationException($"{DatastoreOptions.EtcdEndpointsVariable} mixes http and https endpoints; use one scheme for all.");
        }

        Positive(options.KeepAlivePingDelay, nameof(options.KeepAlivePingDelay));
        Positive(options.KeepAlivePingTimeout, nameof(options.KeepAlivePingTimeout));
        Positive(options.ConnectTimeout, nameof(options.ConnectTimeout));
        Positive(options.RequestTimeout, nameof(options.RequestTimeout));
        Positive(options.WatchRetryDelay, nameof(options.WatchRetryDelay));
        Positive(options.WatchGiveUpAfter, nameof(options.WatchGiveUpAfter));
        if (options.ListPageSize is < 1 or > 100_000)
        {
            throw new DatastoreConfigurationException($"ListPageSize must be between 1 and 100000, not {options.ListPageSize}.");
        }

        if (options.MaxValueBytes is < 1024 or > 1536 * 1024)
        {
            throw new DatastoreConfigurationException($"MaxValueBytes must be between 1024 and 1572864 (etcd's request limit), not {options.MaxValueBytes}.");
        }

        if ((options.CertFile is null) != (options.KeyFile is null))
        {
            throw new DatastoreConfigurationException("ETCD_CERT_FILE and ETCD_KEY_FILE must be set together (a client certificate needs its key).");
        }

        var anyTls = options.CaCertFile is not null || options.CertFile is not null;
        if (anyTls && endpoints.Any(u => u.Scheme != Uri.UriSchemeHttps))
        {
            throw new DatastoreConfigurationException("TLS files are configured (ETCD_CA_CERT_FILE/ETCD_CERT_FILE) but ETCD_ENDPOINTS has a plain http:// endpoint; use https:// for every endpoint.");
        }

        var ca = options.CaCertFile is { } caFile ? LoadCa(caFile) : null;
        var client = options.CertFile is { } certFile ? EtcdClientCertificate.Load(certFile, options.KeyFile!) : null;
        return new EtcdSettings(options, endpoints, ca, client);
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new DatastoreConfigurationException($"{name} must be positive, not {value}.");
        }
    }

    private static X509Certificate2Collection LoadCa(string file)
    {
        try
        {
            var bundle = new X509Certificate2Collection();
            bundle.ImportFromPemFile(file);
            if (bundle.Count == 0)
            {
                throw new ArgumentException("no PEM certificate found");
            }

            return bundle;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new DatastoreConfigurationException($"ETCD_CA_CERT_FILE='{file}' could not be read as PEM certificates: {ex.Message}", ex);
        }
    }
}
