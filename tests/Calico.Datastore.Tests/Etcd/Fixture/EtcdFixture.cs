using Calico.TestSupport;
using Xunit;

namespace Calico.Datastore.Tests.Etcd.Fixture;

/// <summary>
/// One etcd (in its own network namespace) shared by a test collection. Starts only when the machine can run it
/// (root, etcd on PATH); tests call <see cref="RequireServer"/> first, which skips with the standard reason otherwise.
/// </summary>
public class EtcdFixture : IAsyncLifetime
{
    private EtcdTestServer? _server;

    /// <summary>Whether this fixture's etcd speaks TLS with client certificates.</summary>
    protected virtual bool UseTls => false;

    internal EtcdTestServer RequireServer()
    {
        Requires.Root();
        Requires.Program("etcd");
        return _server ?? throw new InvalidOperationException("etcd fixture did not start");
    }

    public async ValueTask InitializeAsync()
    {
        if (Requires.IsRoot && Requires.FindOnPath("etcd") is not null && Requires.FindOnPath("etcdctl") is not null)
        {
            _server = await EtcdTestServer.StartAsync(UseTls);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>The same, with TLS and client-certificate authentication.</summary>
public sealed class EtcdTlsFixture : EtcdFixture
{
    /// <inheritdoc />
    protected override bool UseTls => true;
}
