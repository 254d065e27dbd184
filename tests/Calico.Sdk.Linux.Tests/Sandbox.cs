using Calico.TestSupport;

namespace Calico.Sdk.Linux.Tests;

/// <summary>A fresh anonymous network namespace with loopback up and an rtnetlink connection inside it. Everything
/// in it disappears when it is disposed (the namespace dies with its last handle).</summary>
internal sealed class Sandbox : IDisposable
{
    private Sandbox(NetworkNamespace ns)
    {
        Namespace = ns;
        Route = NetlinkRoute.Open(ns);
        Route.SetLink("lo", new LinkSettings { Up = true });
    }

    internal NetworkNamespace Namespace { get; }

    internal NetlinkRoute Route { get; }

    /// <summary>Skips unless root, then creates the sandbox.</summary>
    internal static Sandbox Create()
    {
        Requires.Root();
        return new Sandbox(NetworkNamespace.CreateAnonymous());
    }

    public void Dispose()
    {
        Route.Dispose();
        Namespace.Dispose();
    }
}
