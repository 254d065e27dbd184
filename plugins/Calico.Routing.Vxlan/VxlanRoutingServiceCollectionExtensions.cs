using Calico.Sdk.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Calico.Routing.Vxlan;

/// <summary>Registers the VXLAN router in a service collection.</summary>
public static class VxlanRoutingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>vxlan</c> router as one of the <see cref="IRouter"/> services. Options are validated at start-up
    /// (<c>ValidateOnStart</c>) and again when the router is created; a bad setting names itself and its value.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Adjusts the options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddVxlanRouting(this IServiceCollection services, Action<VxlanRoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<VxlanRoutingOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VxlanRoutingOptions>, VxlanRoutingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRouter, VxlanRouter>(sp => new VxlanRouter(
            sp.GetRequiredService<IOptions<VxlanRoutingOptions>>().Value,
            sp.GetService<ILogger<VxlanRouter>>())));
        return services;
    }
}
