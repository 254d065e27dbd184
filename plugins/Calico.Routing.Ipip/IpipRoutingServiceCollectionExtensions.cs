using Calico.Sdk.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Calico.Routing.Ipip;

/// <summary>Registers the IP-in-IP router in a service collection.</summary>
public static class IpipRoutingServiceCollectionExtensions
{
    /// <summary>Adds the <c>ipip</c> router as one of the <see cref="IRouter"/> services; options are validated at start-up.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Adjusts the options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddIpipRouting(this IServiceCollection services, Action<IpipRoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<IpipRoutingOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IpipRoutingOptions>, IpipRoutingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRouter, IpipRouter>(sp => new IpipRouter(
            sp.GetRequiredService<IOptions<IpipRoutingOptions>>().Value,
            sp.GetService<ILogger<IpipRouter>>())));
        return services;
    }
}
