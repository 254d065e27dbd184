using Calico.Sdk.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Calico.Routing.Direct;

/// <summary>Registers the no-encapsulation router in a service collection.</summary>
public static class DirectRoutingServiceCollectionExtensions
{
    /// <summary>Adds the <c>noencap</c> router as one of the <see cref="IRouter"/> services; options are validated at start-up.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Adjusts the options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddDirectRouting(this IServiceCollection services, Action<DirectRoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<DirectRoutingOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DirectRoutingOptions>, DirectRoutingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRouter, DirectRouter>(sp => new DirectRouter(
            sp.GetRequiredService<IOptions<DirectRoutingOptions>>().Value,
            sp.GetService<ILogger<DirectRouter>>())));
        return services;
    }
}
