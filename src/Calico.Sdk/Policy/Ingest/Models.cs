using System.Net;
using Calico.Sdk.Selectors;

namespace Calico.Sdk.Policy.Ingest;

/// <summary>A validated, scoped and compiled policy of any kind.</summary>
internal sealed record PolicyModel(
    PolicyId Id,
    string Tier,
    double? Order,
    Selector AppliesTo,
    bool Ingress,
    bool Egress,
    bool DoNotTrack,
    bool PreDnat,
    bool ApplyOnForward,
    CompiledPolicy Compiled,
    IpSetDef[] IpSets);

/// <summary>A validated Tier.</summary>
internal sealed record TierModel(string Name, double? Order, bool DefaultPass);

/// <summary>A validated Profile: inherited labels and compiled rules.</summary>
internal sealed record ProfileModel(string Name, Dictionary<string, string> LabelsToApply, CompiledPolicy Compiled, IpSetDef[] IpSets);

/// <summary>A named port of an endpoint.</summary>
internal readonly record struct NamedPort(string Name, byte Protocol, ushort Port);

/// <summary>
/// Anything selectors can match: a workload or host endpoint (<see cref="Endpoint"/> set) or a network set.
/// <see cref="Key"/> is unique across kinds.
/// </summary>
internal sealed record LabelledModel(
    string Key,
    EndpointId? Endpoint,
    string? Node,
    Dictionary<string, string> Labels,
    string[] Profiles,
    IPNetwork[] Addresses,
    NamedPort[] Ports,
    string? InterfaceName,
    IPNetwork[] AllowSpoofedSourcePrefixes,
    string? ResourceVersion);
