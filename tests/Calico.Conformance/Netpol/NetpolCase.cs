using System.Text.Json;

namespace Calico.Conformance.Netpol;

/// <summary>One case file (one step of a scenario), as read from disk; resources are still raw JSON.</summary>
internal sealed record NetpolCase(
    string File,
    string Name,
    string Scenario,
    int Step,
    int StepCount,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Namespaces,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Pods,
    IReadOnlyDictionary<string, IReadOnlyList<ServerPort>> PodServerPorts,
    IReadOnlyDictionary<string, string> ServiceAccounts,
    IReadOnlyList<JsonElement> Policies,
    IReadOnlyList<JsonElement> CalicoResources,
    string? DefaultEndpointToHostAction,
    IReadOnlyList<Probe> Probes);

/// <summary>A port a pod serves; named <c>serve-&lt;port&gt;-&lt;protocol lower-case&gt;</c> unless given.</summary>
internal sealed record ServerPort(int Port, string Protocol, string Name);

/// <summary>A connection attempt and its expected verdict.</summary>
internal sealed record Probe(int Index, string From, string To, int Port, string Protocol, bool Allowed, bool Loopback)
{
    public override string ToString() => $"{From} -> {To} {Protocol}/{Port}";
}
