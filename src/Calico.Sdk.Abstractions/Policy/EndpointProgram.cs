using System.Net;

namespace Calico.Sdk.Policy;

/// <summary>
/// Everything a dataplane needs to police one local endpoint. Workload endpoints use <see cref="Ingress"/>
/// (to the endpoint) and <see cref="Egress"/> (from it); host endpoints also use the forward, preDNAT and untracked
/// stages, which are empty (<see cref="DirectionProgram.EmptyStage"/>) for workloads.
/// </summary>
public sealed record EndpointProgram
{
    /// <summary>The endpoint.</summary>
    public required EndpointId Id { get; init; }

    /// <summary>
    /// The host-side interface (workloads: the veth, e.g. <c>cali1234567890a</c>; host endpoints: the interface,
    /// <c>*</c> for all host traffic, or null when the endpoint is matched by its expected IPs only).
    /// </summary>
    public string? InterfaceName { get; init; }

    /// <summary>The endpoint's addresses (/32 or /128 for workloads; expected IPs for host endpoints), sorted.</summary>
    public EquatableArray<IPNetwork> Addresses { get; init; }

    /// <summary>Extra source prefixes a workload may send from (anti-spoofing exceptions).</summary>
    public EquatableArray<IPNetwork> AllowSpoofedSourcePrefixes { get; init; }

    /// <summary>The endpoint resource's <c>metadata.resourceVersion</c> this program was computed from, if known.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Traffic to the endpoint (workload ingress; traffic terminating at the host for host endpoints).</summary>
    public required DirectionProgram Ingress { get; init; }

    /// <summary>Traffic from the endpoint (workload egress; traffic originating at the host for host endpoints).</summary>
    public required DirectionProgram Egress { get; init; }

    /// <summary>Host endpoints: applyOnForward policies for traffic forwarded in through the interface.</summary>
    public DirectionProgram ForwardIngress { get; init; } = DirectionProgram.EmptyStage;

    /// <summary>Host endpoints: applyOnForward policies for traffic forwarded out through the interface.</summary>
    public DirectionProgram ForwardEgress { get; init; } = DirectionProgram.EmptyStage;

    /// <summary>Host endpoints: preDNAT policies (ingress only), evaluated before DNAT.</summary>
    public DirectionProgram PreDnatIngress { get; init; } = DirectionProgram.EmptyStage;

    /// <summary>Host endpoints: doNotTrack ingress policies, evaluated before conntrack.</summary>
    public DirectionProgram UntrackedIngress { get; init; } = DirectionProgram.EmptyStage;

    /// <summary>Host endpoints: doNotTrack egress policies, evaluated before conntrack.</summary>
    public DirectionProgram UntrackedEgress { get; init; } = DirectionProgram.EmptyStage;
}
