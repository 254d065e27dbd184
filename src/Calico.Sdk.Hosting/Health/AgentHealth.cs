using System.Collections.Concurrent;
using Calico.Sdk.Status;

namespace Calico.Sdk.Hosting.Health;

/// <summary>The health of every agent component, as <c>/liveness</c>, <c>/readiness</c> and the node status file report it.</summary>
internal sealed class AgentHealth
{
    private readonly ConcurrentDictionary<string, ComponentStatus> _components = new(StringComparer.Ordinal);

    public void Report(string name, bool ready, bool live = true, string? detail = null) =>
        _components[name] = new ComponentStatus(name, ready, live, ready && live ? null : detail);

    public IReadOnlyList<ComponentStatus> Components => [.. _components.Values.OrderBy(c => c.Name, StringComparer.Ordinal)];

    // No component yet means the agent is still starting: live, but not ready.
    public bool Ready => !_components.IsEmpty && _components.Values.All(c => c.Ready);

    public bool Live => _components.Values.All(c => c.Live);
}
