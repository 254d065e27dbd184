using Xunit;
using Calico.Sdk.Datastore;
using Calico.Sdk.Ipam;
using Calico.Sdk.Resources;

namespace Calico.Ipam.Tests;

/// <summary>Helpers to seed pools, reservations and configuration into a datastore.</summary>
internal static class IpamFixture
{
    public static async Task AddPoolAsync(IDatastore store, string name, string cidr, int? blockSize = null, Action<IPPoolSpec>? configure = null)
    {
        var spec = new IPPoolSpec { Cidr = cidr, BlockSize = blockSize };
        configure?.Invoke(spec);
        await store.CreateAsync(ResourceKinds.IPPool, new IPPool { Metadata = new ObjectMeta { Name = name }, Spec = spec }, TestContext.Current.CancellationToken);
    }

    public static async Task AddReservationAsync(IDatastore store, string name, params string[] cidrs) =>
        await store.CreateAsync(
            ResourceKinds.IPReservation,
            new IPReservation { Metadata = new ObjectMeta { Name = name }, Spec = new IPReservationSpec { ReservedCidrs = [.. cidrs] } },
            TestContext.Current.CancellationToken);

    public static async Task SetConfigAsync(IDatastore store, bool? strictAffinity = null, bool? autoAllocateBlocks = null, int? maxBlocksPerHost = null, int? coolDownSeconds = null) =>
        await store.CreateAsync(
            ResourceKinds.IPAMConfiguration,
            new IPAMConfiguration
            {
                Metadata = new ObjectMeta { Name = "default" },
                Spec = new IPAMConfigurationSpec { StrictAffinity = strictAffinity, AutoAllocateBlocks = autoAllocateBlocks, MaxBlocksPerHost = maxBlocksPerHost, IpCooldownSeconds = coolDownSeconds },
            },
            TestContext.Current.CancellationToken);

    public static AutoAssignRequest V4(string handle, string node, int count = 1) => new(handle, node, count, 0);

    public static async Task AssertCleanAsync(IIpam ipam)
    {
        var report = await ipam.CheckAsync(TestContext.Current.CancellationToken);
        Assert.True(report.IsClean, "IPAM check found problems:\n" + string.Join("\n", report.Problems.Take(30).Select(p => $"{p.Kind} {p.Subject}: {p.Detail}")));
    }
}
