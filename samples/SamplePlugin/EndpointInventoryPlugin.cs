using Calico.Sdk.DependencyInjection;
using Calico.Sdk.Plugins;
using Calico.Samples.SamplePlugin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

[assembly: CalicoPlugin(typeof(EndpointInventoryPlugin))]

namespace Calico.Samples.SamplePlugin;

/// <summary>
/// A sample plugin: keeps a file listing the workload endpoints of this node (namespace/name and addresses), updated
/// from the datastore sync. Settings: <c>INVENTORY_FILE</c> (required).
/// </summary>
public sealed class EndpointInventoryPlugin : ICalicoPlugin
{
    /// <inheritdoc />
    public string Name => "endpoint-inventory";

    /// <inheritdoc />
    public void Register(ICalicoBuilder builder, CalicoPluginContext context)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Settings.TryGetValue("INVENTORY_FILE", out var file) || string.IsNullOrWhiteSpace(file))
        {
            throw new InvalidOperationException("endpoint-inventory plugin: set INVENTORY_FILE to the file to write");
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EndpointInventory>(sp =>
            new EndpointInventory(sp.GetRequiredService<Calico.Sdk.Datastore.IDatastore>(), context.NodeName, file)));
    }
}
