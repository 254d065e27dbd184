using Calico.Routing.Bgp;
using Calico.Sdk.Datastore;
using Calico.Sdk.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the BGP router in a service collection.</summary>
public static class BgpRoutingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="BgpRouter"/> as a singleton, as <see cref="IRouter"/> and as <see cref="IBgpStatusSource"/>.
    /// It reads BGPConfiguration, BGPPeer, BGPFilter and Node resources from the registered <see cref="IDatastore"/>
    /// when there is one.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddBgpRouting(this IServiceCollection services, Action<BgpRoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<BgpRoutingOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.Validate(o => o.HoldTime == TimeSpan.Zero || o.HoldTime >= TimeSpan.FromSeconds(3), "BgpRoutingOptions.HoldTime must be 0 or at least 3 seconds")
            .Validate(o => o.RestartTime >= TimeSpan.Zero && o.RestartTime <= TimeSpan.FromSeconds(4095), "BgpRoutingOptions.RestartTime must be 0..4095 seconds")
            .Validate(o => o.ListenPort is null or (> 0 and < 65536), "BgpRoutingOptions.ListenPort must be 1..65535")
            .Validate(o => o.RouteProtocol is not (0 or 2 or 3 or 4), "BgpRoutingOptions.RouteProtocol must not be a kernel-reserved id (0, 2, 3, 4)");
        services.TryAddSingleton(sp => new BgpRouter(
            sp.GetRequiredService<IOptions<BgpRoutingOptions>>().Value,
            sp.GetService<IDatastore>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<BgpRouter>>()));
        // One of possibly several routers (the agent picks by name), so added to the enumerable, not as the only one.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRouter, BgpRouter>(sp => sp.GetRequiredService<BgpRouter>()));
        services.TryAddSingleton<IBgpStatusSource>(sp => sp.GetRequiredService<BgpRouter>());
        return services;
    }
}
