using Calico.Routing.Vxlan;
using Calico.Sdk.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes the VXLAN router available to <c>AddCalico()</c>.</summary>
public static class CalicoBuilderVxlanExtensions
{
    /// <summary>Adds the <c>vxlan</c> router (<c>vxlan.calico</c>, VTEP entries, routes via VTEPs).</summary>
    /// <param name="builder">The builder returned by <c>AddCalico()</c>.</param>
    /// <param name="configure">Adjusts the options.</param>
    /// <returns>The builder.</returns>
    public static ICalicoBuilder AddVxlanRouting(this ICalicoBuilder builder, Action<VxlanRoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddVxlanRouting(configure);
        return builder;
    }
}
