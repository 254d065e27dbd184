using System.Diagnostics;
using System.Threading.Channels;
using Calico.Sdk.Dataplane;
using Calico.Sdk.Hosting.Configuration;
using Calico.Sdk.Datastore;
using Calico.Sdk.Linux;
using Calico.Sdk.Policy;
using Calico.Sdk.Resources;
using Calico.Sdk.Status;

namespace Calico.Sdk.Hosting.Agent;
/// <content>The policy-engine side of the sync loop: pending updates in, deltas out, and the local endpoints and
/// active policies/IP sets the status and metrics report.</content>
internal sealed partial class NodeAgent
{
    private PolicyDelta ApplyToEngine()
    {
        var updates = _pendingPolicy.ToList();
        _pendingPolicy.Clear();
        try
        {
            return _engine!.Apply(updates);
        }
        catch (PolicyInputException)
        {
            // One bad object must not hold back the rest (Felix treats an invalid value as absent): apply one by one,
            // turning each invalid upsert into a delete, and merge the deltas into one sequence for the dataplane.
            var deltas = new List<PolicyDelta>();
            foreach (var u in updates)
            {
                try
                {
                    deltas.Add(_engine!.Apply([u]));
                }
                catch (PolicyInputException ex)
                {
                    Log.InvalidInput(_logger, u.ToString(), ex.Message);
                    deltas.Add(_engine!.Apply([PolicyUpdate.Delete(u.Kind, u.Namespace, u.Name)]));
                }
            }

            _dataplaneDirty = true;
            _rebuildLocal = true;
            return deltas[^1];
        }
    }

    private void SyncLocalFromSnapshot(PolicySnapshot snapshot)
    {
        var updates = snapshot.Endpoints.Values.Where(p => p.Id.Kind == EndpointKind.Workload
            && (!_local.TryGetValue(p.Id, out var known) || known.Revision != p.ResourceVersion || known.Interface != p.InterfaceName));
        var removals = _local.Keys.Where(id => !snapshot.Endpoints.ContainsKey(id));
        SetLocal([.. updates], [.. removals]);
    }

    private void SetLocal(IReadOnlyCollection<EndpointProgram> updates, IReadOnlyCollection<EndpointId> removals)
    {
        foreach (var program in updates)
        {
            if (program.Id.Kind == EndpointKind.Workload && program.InterfaceName is { } iface)
            {
                _local[program.Id] = (iface, program.ResourceVersion);
                TryRoutes(() => _routes!.SetWorkload(program.Id, iface, [.. program.Addresses]));
            }
        }

        foreach (var id in removals)
        {
            if (id.Kind == EndpointKind.Workload && _local.Remove(id))
            {
                TryRoutes(() => _routes!.RemoveWorkload(id));
                _statusWritten.Remove(id);
                _status!.DeleteEndpoint(id.Namespace!, id.Name);
            }
        }
    }

    private void TrackActive(PolicyDelta delta)
    {
        foreach (var p in delta.PolicyUpdates)
        {
            _activePolicies.Add(p.Id);
        }

        foreach (var p in delta.PolicyRemovals)
        {
            _activePolicies.Remove(p);
        }

        foreach (var s in delta.IpSetUpdates)
        {
            _activeIpSets.Add(s.Id);
        }

        foreach (var s in delta.IpSetRemovals)
        {
            _activeIpSets.Remove(s);
        }
    }
}
