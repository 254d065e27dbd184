using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace Calico.Datastore.Etcd.Client;

/// <summary>
/// Builds the gRPC channel to one etcd endpoint: HTTP/2 over <see cref="SocketsHttpHandler"/> (prior-knowledge h2c
/// for http:// endpoints, which Grpc.Net.Client requests with an exact HTTP/2 version policy, so no AppContext switch
/// is needed on .NET 5+), TLS 1.2/1.3 with a pinned CA and an optional client certificate, and HTTP/2 keep-alive
/// pings for dead-connection detection.
/// </summary>
internal static class EtcdChannelFactory
{
    /// <summary>etcd can return large range pages; the page size bounds what one response holds.</summary>
    private const int MaxReceiveBytes = 64 * 1024 * 1024;

    public static GrpcChannel Create(Uri endpoint, EtcdSettings settings)
    {
        var o = settings.Options;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = o.ConnectTimeout,
            KeepAlivePingDelay = o.KeepAlivePingDelay,
            KeepAlivePingTimeout = o.KeepAlivePingTimeout,
            // etcd answers pings on a connection without streams with GOAWAY (PermitWithoutStream=false).
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseProxy = false,
        };
        if (endpoint.Scheme == Uri.UriSchemeHttps)
        {
            handler.SslOptions = CreateSslOptions(settings);
        }

        return GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxReceiveBytes,
            MaxSendMessageSize = o.MaxValueBytes + (64 * 1024),
            // Retries are decided by the datastore, which knows whether a write may have been applied.
            MaxRetryAttempts = 0,
        });
    }

    private static SslClientAuthenticationOptions CreateSslOptions(EtcdSettings settings)
    {
        var ssl = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ApplicationProtocols = [SslApplicationProtocol.Http2],
        };
        if (settings.CaCertificates is { } ca)
        {
            // Trust exactly the configured CA; the host name is still checked against the server certificate.
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(ca);
            ssl.CertificateChainPolicy = policy;
        }

        if (settings.ClientCertificate is { } client)
        {
            // Chosen at each handshake, so a rotated certificate is used from the next connection on.
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => client.Current();
        }

        return ssl;
    }
}
