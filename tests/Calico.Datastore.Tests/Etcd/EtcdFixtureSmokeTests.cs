using Calico.Datastore.Tests.Etcd.Fixture;
using Xunit;

namespace Calico.Datastore.Tests.Etcd;

public sealed class EtcdFixtureSmokeTests(EtcdFixture fixture) : IClassFixture<EtcdFixture>
{
    [Fact]
    public async Task Etcd_in_its_namespace_is_reachable_from_the_root_namespace()
    {
        var server = fixture.RequireServer();
        Assert.StartsWith("calico-test-etcd-", server.Network.Name, StringComparison.Ordinal);
        var put = await server.EtcdctlAsync("put", "/smoke", "hello");
        Assert.Equal(0, put.ExitCode);
        var get = await server.EtcdctlAsync("get", "/smoke", "--print-value-only");
        Assert.Equal("hello", get.StdOut.Trim());
    }
}
