using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Microsoft.Extensions.Hosting;

namespace Calico.Samples.SamplePlugin;

/// <summary>Follows WorkloadEndpoints and rewrites the inventory file after every batch of changes.</summary>
internal sealed class EndpointInventory(IDatastore store, string nodeName, string file) : BackgroundService
{
    private readonly SortedDictionary<string, string> _lines = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var inSync = false;
        await foreach (var e in store.SyncAsync([ResourceKinds.WorkloadEndpoint], stoppingToken).ConfigureAwait(false))
        {
            if (e.Type == SyncEventType.InSync)
            {
                inSync = true;
            }
            else if (e.Change is { } change)
            {
                var key = change.Namespace + "/" + change.Name;
                if (change.Object is WorkloadEndpoint wep && wep.Spec.Node == nodeName && change.Type != WatchEventType.Deleted)
                {
                    _lines[key] = key + " " + string.Join(",", wep.Spec.IpNetworks ?? []);
                }
                else
                {
                    _lines.Remove(key);
                }
            }

            if (inSync)
            {
                var temp = file + ".tmp";
                await File.WriteAllLinesAsync(temp, _lines.Values, stoppingToken).ConfigureAwait(false);
                File.Move(temp, file, overwrite: true);
            }
        }
    }
}
