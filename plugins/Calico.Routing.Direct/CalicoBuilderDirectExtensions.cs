using Calico.Routing.Direct;
using Calico.Sdk.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes the no-encapsulation router available to <c>AddCalico()</c>.</summary>
public static class CalicoBuilderDirectExtensions
{
    /// <summary>Adds the <c>noencap</c> router (routes to remote blocks via node addresses).</summary>
    /// <param name="builder">The builder returned by <c>AddCalico()</c>.</param>
    /// <param name="configure">Adjusts the options.</param>
    /// <returns>The builder.</returns>
    public static ICalicoBuilder AddDirectRouting(this ICalicoBuilder builder, Action<DirectRoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddDirectRouting(configure);
        return builder;
    }
}
