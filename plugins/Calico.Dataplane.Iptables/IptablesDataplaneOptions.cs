using Calico.Sdk.Linux;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Iptables;

/// <summary>Settings of an <see cref="IptablesDataplane"/>.</summary>
public sealed record IptablesDataplaneOptions
{
    /// <summary>The iptables implementation (default <see cref="IptablesBackend.Auto"/>).</summary>
    public IptablesBackend Backend { get; init; } = IptablesBackend.Auto;

    /// <summary>Interface name prefixes of workload interfaces (default <c>cali</c>); unknown ones are dropped.</summary>
    public IReadOnlyList<string> WorkloadInterfacePrefixes { get; init; } = ["cali"];

    /// <summary>Workload → own host traffic after the workload's egress program (Felix default: Drop).</summary>
    public EndpointToHostAction EndpointToHostAction { get; init; } = EndpointToHostAction.Drop;

    /// <summary>
    /// Host endpoint ingress that always passes, ahead of any policy (Felix <c>failsafeInboundHostPorts</c>; default
    /// Felix's list: tcp 22, 179, 2379, 2380, 5473, 6443, 6666, 6667 and udp 68).
    /// </summary>
    public IReadOnlyList<FailsafePort> FailsafeInboundHostPorts { get; init; } = FailsafePort.DefaultInbound;

    /// <summary>
    /// Host endpoint egress that always passes, ahead of any policy (Felix <c>failsafeOutboundHostPorts</c>; default
    /// Felix's list: udp 53, 67 and tcp 179, 2379, 2380, 5473, 6443, 6666, 6667).
    /// </summary>
    public IReadOnlyList<FailsafePort> FailsafeOutboundHostPorts { get; init; } = FailsafePort.DefaultOutbound;

    /// <summary>
    /// How often our chains and IP sets are listed and compared with what was committed; a difference (tampering)
    /// is repaired by a full rewrite of our objects. Default 10 s.
    /// </summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First retry delay after a failed apply; doubles per failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan MinRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest retry delay after repeated failures.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The network namespace to program (null: the caller's).</summary>
    public NetworkNamespace? Namespace { get; init; }

    /// <summary>The ipset program (name on PATH or absolute path). Default <c>ipset</c>.</summary>
    public string IpsetProgram { get; init; } = "ipset";

    /// <summary>Kill an iptables or ipset run after this long. Default 30 s.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range, naming it.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Backend))
        {
            throw new ArgumentException($"Backend {(int)Backend} is not Auto, Nft or Legacy", nameof(Backend));
        }

        if (WorkloadInterfacePrefixes.Count == 0 || WorkloadInterfacePrefixes.Any(p => string.IsNullOrEmpty(p) || p.Length > 14 || !p.All(Rendering.Names.IsInterfaceChar)))
        {
            throw new ArgumentException("WorkloadInterfacePrefixes must hold 1+ prefixes of 1-14 letters, digits, '-', '_' or '.'", nameof(WorkloadInterfacePrefixes));
        }

        foreach (var (list, name) in new[] { (FailsafeInboundHostPorts, nameof(FailsafeInboundHostPorts)), (FailsafeOutboundHostPorts, nameof(FailsafeOutboundHostPorts)) })
        {
            ArgumentNullException.ThrowIfNull(list, name);
            foreach (var port in list)
            {
                if (port.Protocol is not (6 or 17 or 132) || port.Port is < 1 or > 65535)
                {
                    throw new ArgumentException($"{name}: {port.Protocol}:{port.Port} must be TCP (6), UDP (17) or SCTP (132) with a port 1-65535", name);
                }
            }
        }

        if (RefreshInterval <= TimeSpan.Zero || MinRetryDelay <= TimeSpan.Zero || MaxRetryDelay < MinRetryDelay || CommandTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("RefreshInterval, MinRetryDelay and CommandTimeout must be positive and MaxRetryDelay >= MinRetryDelay", nameof(RefreshInterval));
        }
    }
}
