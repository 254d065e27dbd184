using Xunit;
using Calico.Sdk.Ipam;
using Calico.Sdk.Testing.Datastore;

namespace Calico.Ipam.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task Assigns_and_releases_one_address()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/24");
        var ipam = new CalicoIpam(store);
        var result = await ipam.AutoAssignAsync(IpamFixture.V4("h1", "node-1"), ct);
        Assert.Single(result.IPv4);
        Assert.Equal("10.0.0.", result.IPv4[0].Address.ToString()[..7]);
        await IpamFixture.AssertCleanAsync(ipam);
        var released = await ipam.ReleaseByHandleAsync("h1", ct);
        Assert.Equal(result.IPv4[0].Address, Assert.Single(released));
        await IpamFixture.AssertCleanAsync(ipam);
    }
}
