using Calico.Sdk.Selectors;

namespace Calico.Sdk.Policy.Ingest;

/// <summary>An IP set a compiled rule refers to: a selector set, or a named-port set over a selector.</summary>
/// <param name="Id">The set id.</param>
/// <param name="Kind">Net or NetPort.</param>
/// <param name="Selector">The (scoped) selector whose matching endpoints and network sets fill the set.</param>
/// <param name="Protocol">Named-port sets: the rule's protocol, 0 for "any protocol".</param>
/// <param name="PortName">Named-port sets: the port name.</param>
internal sealed record IpSetDef(string Id, IpSetKind Kind, Selector Selector, byte Protocol, string? PortName);
