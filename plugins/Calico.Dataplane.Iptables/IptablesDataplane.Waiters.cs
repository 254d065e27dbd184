using System.Globalization;
using Calico.Dataplane.Iptables.State;
using Calico.Sdk.Dataplane;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Iptables;

/// <summary>The "endpoint programmed" signal.</summary>
public sealed partial class IptablesDataplane
{
    private readonly Lock _waitersLock = new();
    private readonly List<(EndpointId Id, string? Version, TaskCompletionSource<EndpointProgrammed> Done)> _waiters = [];

    /// <inheritdoc />
    public async Task<EndpointProgrammed> WaitForEndpointProgrammedAsync(
        EndpointId endpoint, string? resourceVersion, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource<EndpointProgrammed>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entry = (endpoint, resourceVersion, done);
        lock (_waitersLock)
        {
            if (_live is { } live && Programmed(live, endpoint, resourceVersion) is { } already)
            {
                return already;
            }

            _waiters.Add(entry);
        }

        using var registration = cancellationToken.Register(() =>
        {
            lock (_waitersLock)
            {
                _waiters.Remove(entry);
            }

            done.TrySetCanceled(cancellationToken);
        });
        return await done.Task.ConfigureAwait(false);
    }

    private static EndpointProgrammed? Programmed(LiveState live, EndpointId id, string? wanted)
    {
        if (!live.Endpoints.TryGetValue(id, out var program))
        {
            return null;
        }

        var have = program.ResourceVersion;
        var ok = wanted is null || have == wanted
            || (long.TryParse(have, NumberStyles.None, CultureInfo.InvariantCulture, out var h)
                && long.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out var w) && h >= w);
        return ok ? new EndpointProgrammed(id, have, live.Generation) : null;
    }

    private void CompleteWaiters(LiveState live)
    {
        lock (_waitersLock)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var (id, version, done) = _waiters[i];
                if (Programmed(live, id, version) is { } programmed)
                {
                    _waiters.RemoveAt(i);
                    done.TrySetResult(programmed);
                }
            }
        }
    }

    private void FailWaiters(Exception error)
    {
        lock (_waitersLock)
        {
            foreach (var (_, _, done) in _waiters)
            {
                done.TrySetException(error);
            }

            _waiters.Clear();
        }
    }
}
