using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Datastore.Etcd.Client;

/// <summary>
/// The client certificate and key files, re-read at every TLS handshake (every new connection), so a rotated
/// certificate is presented from the next connection on without restarting the client. A handshake is rare (one per
/// connection), so reading two small files there costs nothing measurable; the parsed certificate is reused while
/// the files' contents are unchanged. Files that cannot be read or parsed mid-rotation (one written, the other
/// not yet) leave the last good certificate in use, and the next handshake tries again.
/// </summary>
internal sealed class EtcdClientCertificate
{
    private readonly string _certFile;
    private readonly string _keyFile;
    private readonly Lock _gate = new();
    private byte[] _certBytes;
    private byte[] _keyBytes;
    private X509Certificate2 _current;

    private EtcdClientCertificate(string certFile, string keyFile, byte[] certBytes, byte[] keyBytes, X509Certificate2 current)
    {
        _certFile = certFile;
        _keyFile = keyFile;
        _certBytes = certBytes;
        _keyBytes = keyBytes;
        _current = current;
    }

    /// <summary>Where reload failures are reported (set by the datastore that owns the connection).</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>Loads the files now; a configuration error names them when they are not a certificate and its key.</summary>
    public static EtcdClientCertificate Load(string certFile, string keyFile)
    {
        try
        {
            var certBytes = File.ReadAllBytes(certFile);
            var keyBytes = File.ReadAllBytes(keyFile);
            return new EtcdClientCertificate(certFile, keyFile, certBytes, keyBytes, Parse(certBytes, keyBytes));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new Sdk.Datastore.DatastoreConfigurationException(
                $"ETCD_CERT_FILE='{certFile}' / ETCD_KEY_FILE='{keyFile}' could not be loaded as a client certificate and its key: {ex.Message}", ex);
        }
    }

    /// <summary>The certificate to present now: the files' current contents when they changed and parse.</summary>
    public X509Certificate2 Current()
    {
        byte[] certBytes, keyBytes;
        try
        {
            certBytes = File.ReadAllBytes(_certFile);
            keyBytes = File.ReadAllBytes(_keyFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.ClientCertificateReloadFailed(Logger, _certFile, _keyFile, ex.Message);
            return Volatile.Read(ref _current);
        }

        lock (_gate)
        {
            if (certBytes.AsSpan().SequenceEqual(_certBytes) && keyBytes.AsSpan().SequenceEqual(_keyBytes))
            {
                return _current;
            }

            try
            {
                _current = Parse(certBytes, keyBytes);
                _certBytes = certBytes;
                _keyBytes = keyBytes;
                Log.ClientCertificateReloaded(Logger, _certFile, _current.Subject, _current.NotAfter);
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException)
            {
                Log.ClientCertificateReloadFailed(Logger, _certFile, _keyFile, ex.Message);
            }

            return _current;
        }
    }

    private static X509Certificate2 Parse(byte[] certBytes, byte[] keyBytes)
    {
        var certPem = System.Text.Encoding.ASCII.GetString(certBytes);
        var keyPem = System.Text.Encoding.ASCII.GetString(keyBytes);
        using var ephemeral = X509Certificate2.CreateFromPem(certPem, keyPem);
        // Re-import through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }
}
