using System.Globalization;
using Calico.Sdk.Policy;

namespace Calico.Sdk.Dataplane;

/// <summary>
/// The callers of <see cref="IDataplane.WaitForEndpointProgrammedAsync"/>, for dataplane plugin authors: a
/// dataplane reports each committed state with <see cref="Programmed"/> and every waiter whose endpoint that state
/// programs (at the wanted resource version or newer) completes. Thread-safe.
/// </summary>
public sealed class EndpointProgrammedWaiters
{
    private readonly Lock _lock = new();
    private readonly List<(EndpointId Id, string? Version, TaskCompletionSource<EndpointProgrammed> Done)> _waiters = [];
    private IReadOnlyDictionary<EndpointId, EndpointProgram>? _endpoints;
    private long _generation;

    /// <summary>Waits until a committed state programs <paramref name="endpoint"/>; completes at once if the last one does.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="resourceVersion">The endpoint resource version wanted (numeric versions match newer ones too), or null for any.</param>
    /// <param name="cancellationToken">Cancels the wait (and removes the waiter).</param>
    /// <returns>The programmed endpoint, its version and the generation that programmed it.</returns>
    public async Task<EndpointProgrammed> WaitAsync(EndpointId endpoint, string? resourceVersion, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource<EndpointProgrammed>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entry = (endpoint, resourceVersion, done);
        lock (_lock)
        {
            if (_endpoints is { } endpoints && Match(endpoints, _generation, endpoint, resourceVersion) is { } already)
            {
                return already;
            }

            _waiters.Add(entry);
        }

        using var registration = cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                _waiters.Remove(entry);
            }

            done.TrySetCanceled(cancellationToken);
        });
        return await done.Task.ConfigureAwait(false);
    }

    /// <summary>Records a committed state and completes the waiters it satisfies; call after every successful commit.</summary>
    /// <param name="endpoints">The endpoint programs now in the kernel (kept as is: pass a state that is not changed later).</param>
    /// <param name="generation">The policy engine generation of that state.</param>
    public void Programmed(IReadOnlyDictionary<EndpointId, EndpointProgram> endpoints, long generation)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        lock (_lock)
        {
            _endpoints = endpoints;
            _generation = generation;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var (id, version, done) = _waiters[i];
                if (Match(endpoints, generation, id, version) is { } programmed)
                {
                    _waiters.RemoveAt(i);
                    done.TrySetResult(programmed);
                }
            }
        }
    }

    /// <summary>Fails every pending waiter with <paramref name="error"/> (e.g. when the dataplane is disposed).</summary>
    /// <param name="error">The exception the waits end with.</param>
    public void FailAll(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        lock (_lock)
        {
            foreach (var (_, _, done) in _waiters)
            {
                done.TrySetException(error);
            }

            _waiters.Clear();
        }
    }

    private static EndpointProgrammed? Match(IReadOnlyDictionary<EndpointId, EndpointProgram> endpoints, long generation, EndpointId id, string? wanted)
    {
        if (!endpoints.TryGetValue(id, out var program))
        {
            return null;
        }

        var have = program.ResourceVersion;
        var ok = wanted is null || have == wanted
            || (long.TryParse(have, NumberStyles.None, CultureInfo.InvariantCulture, out var h)
                && long.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out var w) && h >= w);
        return ok ? new EndpointProgrammed(id, have, generation) : null;
    }
}
