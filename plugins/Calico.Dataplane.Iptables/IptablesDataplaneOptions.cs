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

        if (RefreshInterval <= TimeSpan.Zero || MinRetryDelay <= TimeSpan.Zero || MaxRetryDelay < MinRetryDelay || CommandTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("RefreshInterval, MinRetryDelay and CommandTimeout must be positive and MaxRetryDelay >= MinRetryDelay", nameof(RefreshInterval));
        }
    }
}
