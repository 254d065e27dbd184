using Calico.Routing.Bgp;
using Calico.Sdk.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the BGP router to <c>AddCalico()</c>.</summary>
public static class CalicoBuilderBgpExtensions
{
    /// <summary>Registers the managed BGP speaker as the node's router (see
    /// <see cref="BgpRoutingServiceCollectionExtensions.AddBgpRouting"/>).</summary>
    /// <param name="builder">The builder returned by <c>AddCalico()</c>.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static ICalicoBuilder AddBgpRouting(this ICalicoBuilder builder, Action<BgpRoutingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddBgpRouting(configure);
        return builder;
    }
}
