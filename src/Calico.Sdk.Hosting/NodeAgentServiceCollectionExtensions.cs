using Calico.Sdk.DependencyInjection;
using Calico.Sdk.Hosting.Agent;
using Calico.Sdk.Ipam;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Calico node agent to a host composed with <c>services.AddCalico(...)</c>.</summary>
public static class NodeAgentServiceCollectionExtensions
{
    /// <summary>
    /// Adds the node agent as a hosted service: bootstrap (ClusterInformation, tiers, default pools), Node registration,
    /// CNI files, policy (engine + the dataplane from <see cref="Calico.Sdk.Hosting.NodeAgentOptions.DataplaneFactory"/>),
    /// workload routes and blackholes, the routers registered as <c>IRouter</c> services that configuration selects,
    /// status files, health and metrics endpoints, and the IPAM sweep. Also registers <see cref="IIpam"/>
    /// (<see cref="CalicoIpam"/>) unless one is registered.
    /// </summary>
    /// <param name="builder">The Calico builder.</param>
    /// <param name="configure">Configures the agent.</param>
    /// <returns>The builder.</returns>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public static ICalicoBuilder AddNodeAgent(this ICalicoBuilder builder, Action<Calico.Sdk.Hosting.NodeAgentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<Calico.Sdk.Hosting.NodeAgentOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton<IIpam>(sp => new CalicoIpam(
            sp.GetRequiredService<Calico.Sdk.Datastore.IDatastore>(), null, sp.GetRequiredService<TimeProvider>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<CalicoIpam>>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, NodeAgent>());
        return builder;
    }
}
