using Calico.Routing.Ipip;
using Calico.Sdk.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes the IP-in-IP router available to <c>AddCalico()</c>.</summary>
public static class CalicoBuilderIpipExtensions
{
    /// <summary>Adds the <c>ipip</c> router (<c>tunl0</c>, routes via node addresses through it).</summary>
    /// <param name="builder">The builder returned by <c>AddCalico()</c>.</param>
    /// <param name="configure">Adjusts the options.</param>
    /// <returns>The builder.</returns>
    public static ICalicoBuilder AddIpipRouting(this ICalicoBuilder builder, Action<IpipRoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddIpipRouting(configure);
        return builder;
    }
}
