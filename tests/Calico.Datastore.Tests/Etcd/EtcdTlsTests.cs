using System.Collections;
using Calico.Datastore.Etcd;
using Calico.Datastore.Tests.Etcd.Fixture;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Xunit;

namespace Calico.Datastore.Tests.Etcd;

/// <summary>etcd with TLS and client-certificate authentication (a CA, server and client certs made with openssl).</summary>
public sealed class EtcdTlsTests(EtcdTlsFixture fixture) : IClassFixture<EtcdTlsFixture>
{
    [Fact]
    public async Task Client_certificate_from_the_environment_variables_works_end_to_end()
    {
        var server = fixture.RequireServer();
        var tls = server.Tls!;
        var ct = TestContext.Current.CancellationToken;
        var options = EtcdDatastoreOptions.FromEnvironment(new Hashtable
        {
            ["ETCD_ENDPOINTS"] = server.ClientUrl,
            ["ETCD_CA_CERT_FILE"] = tls.CaCert,
            ["ETCD_CERT_FILE"] = tls.ClientCert,
            ["ETCD_KEY_FILE"] = tls.ClientKey,
        });
        await using var store = new EtcdDatastore(options);
        var created = await store.CreateAsync(new Tier { Metadata = { Name = "tls-tier" }, Spec = { Order = 5 } }, ct);
        Assert.Equal(created.Metadata.ResourceVersion, (await store.GetAsync<Tier>(null, "tls-tier", ct))!.Metadata.ResourceVersion);
        var viaEtcdctl = await server.EtcdctlAsync("get", "/calico/resources/v3/projectcalico.org/tiers/tls-tier", "--keys-only");
        Assert.Contains("tiers/tls-tier", viaEtcdctl.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_certificate_from_another_CA_is_refused_and_nothing_is_written()
    {
        var server = fixture.RequireServer();
        var tls = server.Tls!;
        var ct = TestContext.Current.CancellationToken;
        var options = server.ClientOptions();
        options.CertFile = tls.RogueClientCert;
        options.KeyFile = tls.RogueClientKey;
        await using var store = new EtcdDatastore(options);
        var ex = await Assert.ThrowsAnyAsync<DatastoreException>(() => store.CreateAsync(new Tier { Metadata = { Name = "rogue" } }, ct));

        // With TLS 1.3 the server checks the client certificate after the client has finished its side of the
        // handshake, so the client may already have sent the request when the reset arrives: "outcome unknown" is
        // then the honest answer. Either way the write must not be acknowledged, and nothing may be stored.
        Assert.True(ex is DatastoreUnavailableException or DatastoreOutcomeUnknownException, ex.ToString());
        Assert.Empty((await server.EtcdctlAsync("get", "/calico/resources/v3/projectcalico.org/tiers/rogue")).StdOut);
    }

    /// <summary>
    /// The client certificate files are re-read at each new connection: a client started with a certificate the
    /// server refuses works, without being re-created, once the files hold a good one.
    /// </summary>
    [Fact]
    public async Task A_rotated_client_certificate_is_used_from_the_next_connection_on()
    {
        var server = fixture.RequireServer();
        var tls = server.Tls!;
        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateTempSubdirectory("calico-etcd-rotate-");
        try
        {
            var certFile = Path.Combine(dir.FullName, "client.crt");
            var keyFile = Path.Combine(dir.FullName, "client.key");
            File.Copy(tls.RogueClientCert, certFile);
            File.Copy(tls.RogueClientKey, keyFile);
            var options = server.ClientOptions();
            options.CertFile = certFile;
            options.KeyFile = keyFile;
            await using var store = new EtcdDatastore(options);
            await Assert.ThrowsAnyAsync<DatastoreException>(() => store.GetAsync<Tier>(null, "rotated", ct));

            // Rotate: the key first, then the certificate (a half-written pair keeps the old one in use).
            File.Copy(tls.ClientKey, keyFile, overwrite: true);
            File.Copy(tls.ClientCert, certFile, overwrite: true);
            var created = await store.CreateAsync(new Tier { Metadata = { Name = "rotated" }, Spec = { Order = 7 } }, ct);
            Assert.Equal(created.Metadata.ResourceVersion, (await store.GetAsync<Tier>(null, "rotated", ct))!.Metadata.ResourceVersion);
            Assert.Contains("tiers/rotated", (await server.EtcdctlAsync("get", "/calico/resources/v3/projectcalico.org/tiers/rotated", "--keys-only")).StdOut, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_server_certificate_must_chain_to_the_configured_CA()
    {
        var server = fixture.RequireServer();
        var tls = server.Tls!;
        var ct = TestContext.Current.CancellationToken;
        var options = server.ClientOptions();
        options.CaCertFile = tls.RogueClientCert; // any certificate that did not sign the server's
        await using var store = new EtcdDatastore(options);
        await Assert.ThrowsAsync<DatastoreUnavailableException>(() => store.GetAsync<Tier>(null, "x", ct));
    }
}

/// <summary>Configuration errors are precise and raised before any connection.</summary>
public sealed class EtcdOptionsTests
{
    [Fact]
    public void Bad_settings_name_the_setting()
    {
        var certWithoutKey = new EtcdDatastoreOptions { CertFile = "/nonexistent/client.crt" };
        certWithoutKey.Endpoints.Add(new Uri("https://127.0.0.1:2379"));
        Assert.Contains("ETCD_KEY_FILE", Assert.Throws<DatastoreConfigurationException>(() => new EtcdDatastore(certWithoutKey)).Message, StringComparison.Ordinal);

        var tlsOnHttp = new EtcdDatastoreOptions { CaCertFile = "/nonexistent/ca.crt" };
        tlsOnHttp.Endpoints.Add(new Uri("http://127.0.0.1:2379"));
        Assert.Contains("https", Assert.Throws<DatastoreConfigurationException>(() => new EtcdDatastore(tlsOnHttp)).Message, StringComparison.Ordinal);

        var missingCa = new EtcdDatastoreOptions { CaCertFile = "/nonexistent/ca.crt" };
        missingCa.Endpoints.Add(new Uri("https://127.0.0.1:2379"));
        Assert.Contains("ETCD_CA_CERT_FILE='/nonexistent/ca.crt'", Assert.Throws<DatastoreConfigurationException>(() => new EtcdDatastore(missingCa)).Message, StringComparison.Ordinal);

        var badTiming = new EtcdDatastoreOptions { KeepAlivePingTimeout = TimeSpan.Zero };
        Assert.Contains("KeepAlivePingTimeout", Assert.Throws<DatastoreConfigurationException>(() => new EtcdDatastore(badTiming)).Message, StringComparison.Ordinal);

        var env = Assert.Throws<DatastoreConfigurationException>(() => EtcdDatastoreOptions.FromEnvironment(new Hashtable { ["ETCD_ENDPOINTS"] = "127.0.0.1:2379" }));
        Assert.Contains("ETCD_ENDPOINTS", env.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_defaults_to_the_local_etcd()
    {
        var options = EtcdDatastoreOptions.FromEnvironment(new Hashtable());
        Assert.Equal([new Uri("http://127.0.0.1:2379")], options.Endpoints);
        Assert.Null(options.CaCertFile);
    }
}
