using System.Text.Json;

namespace Calico.Cni.Config;

/// <summary>One network configuration as the runtime passes it on stdin (Calico's field names, docs/cni.md).</summary>
internal sealed record NetConf
{
    public required string CniVersion { get; init; }

    public required string Name { get; init; }

    public required string Type { get; init; }

    public IpamConf Ipam { get; init; } = new();

    /// <summary><c>sqlite</c> (default) or <c>etcdv3</c>.</summary>
    public string DatastoreType { get; init; } = "sqlite";

    public string SqlitePath { get; init; } = "/var/lib/calico/calico.db";

    public IReadOnlyList<Uri> EtcdEndpoints { get; init; } = [];

    public string? EtcdCaCertFile { get; init; }

    public string? EtcdCertFile { get; init; }

    public string? EtcdKeyFile { get; init; }

    public string? Nodename { get; init; }

    public string NodenameFile { get; init; } = "/var/lib/calico/nodename";

    public bool NodenameFileOptional { get; init; }

    public int Mtu { get; init; }

    /// <summary>Where the node agent writes endpoint status files (Calico's <c>endpoint_status_dir</c>).</summary>
    public string EndpointStatusDir { get; init; } = "/var/run/calico/endpoint-status";

    /// <summary>How long ADD waits for the agent; 0 returns without waiting.</summary>
    public TimeSpan PolicySetupTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public string IpamLockFile { get; init; } = "/var/run/calico/ipam.lock";

    public bool AllowIpForwarding { get; init; }

    /// <summary>Workload labels from <c>runtimeConfig.labels</c>.</summary>
    public IReadOnlyDictionary<string, string> RuntimeLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>The previous plugin's result (chaining, CHECK).</summary>
    public JsonElement? PrevResult { get; init; }

    /// <summary>GC's <c>cni.dev/valid-attachments</c>.</summary>
    public IReadOnlyList<(string ContainerId, string IfName)> ValidAttachments { get; init; } = [];

    /// <summary>Whether GC's input carried <c>cni.dev/valid-attachments</c>.</summary>
    public bool HasValidAttachments { get; init; }

    /// <summary>The bytes read from stdin, passed on unchanged to delegated IPAM.</summary>
    public required byte[] Raw { get; init; }
}
