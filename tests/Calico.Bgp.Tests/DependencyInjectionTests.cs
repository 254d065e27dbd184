using Calico.Routing.Bgp;
using Calico.Sdk.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Calico.Bgp.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task AddBgpRouting_registers_one_router_as_irouter_and_status_source()
    {
        var services = new ServiceCollection().AddBgpRouting(o => o.RouteProtocol = 90);
        await using var provider = services.BuildServiceProvider();
        var router = provider.GetRequiredService<IRouter>();
        Assert.Same(router, provider.GetRequiredService<IBgpStatusSource>());
        Assert.Same(router, provider.GetRequiredService<BgpRouter>());
        Assert.Equal("bgp", router.Name);
        Assert.Equal(90, router.RouteProtocol);
        Assert.Empty(provider.GetRequiredService<IBgpStatusSource>().GetPeerStatus());
    }

    [Fact]
    public async Task Bgp_router_is_one_of_several_routers()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IRouter>(new OtherRouter());
        services.AddBgpRouting();
        services.AddBgpRouting(); // registering twice adds it once
        await using var provider = services.BuildServiceProvider();
        Assert.Equal(["bgp", "other"], provider.GetServices<IRouter>().Select(r => r.Name).Order());
    }

    private sealed class OtherRouter : IRouter
    {
        public string Name => "other";

        public byte RouteProtocol => 99;

        public Task StartAsync(RoutingNode localNode, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task ApplyAsync(RoutingUpdate update, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task ReconcileAsync(RoutingState desired, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Invalid_options_are_refused_when_the_router_is_resolved()
    {
        var services = new ServiceCollection().AddBgpRouting(o => o.HoldTime = TimeSpan.FromSeconds(2));
        await using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IRouter>());
        Assert.Contains("HoldTime", error.Message, StringComparison.Ordinal);
    }
}
