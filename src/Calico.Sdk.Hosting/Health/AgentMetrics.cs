using System.Globalization;
using System.Text;

namespace Calico.Sdk.Hosting.Health;

/// <summary>
/// The agent's Prometheus metrics, with Felix's names so existing dashboards work: active local endpoints, policies and
/// IP sets, dataplane apply time (histogram), resyncs, dataplane failures, and the cluster's hosts and endpoints.
/// </summary>
internal sealed class AgentMetrics
{
    private static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private readonly Lock _lock = new();
    private readonly long[] _bucketCounts = new long[Buckets.Length];
    private long _applyCount;
    private double _applySum;

    public long ActiveLocalEndpoints { get; set; }

    public long ActiveLocalPolicies { get; set; }

    public long IpSets { get; set; }

    public long ResyncsStarted { get; private set; }

    public long DataplaneFailures { get; private set; }

    public long ClusterHosts { get; set; }

    public long ClusterWorkloadEndpoints { get; set; }

    public long RouteFailures { get; private set; }

    public long IpamGcReleased { get; private set; }

    public bool InSync { get; set; }

    public void ResyncStarted()
    {
        lock (_lock)
        {
            ResyncsStarted++;
        }
    }

    public void DataplaneFailed()
    {
        lock (_lock)
        {
            DataplaneFailures++;
        }
    }

    public void RouteFailed()
    {
        lock (_lock)
        {
            RouteFailures++;
        }
    }

    public void IpamReleased(int count)
    {
        lock (_lock)
        {
            IpamGcReleased += count;
        }
    }

    public void ObserveApply(TimeSpan duration)
    {
        var seconds = duration.TotalSeconds;
        lock (_lock)
        {
            _applyCount++;
            _applySum += seconds;
            for (var i = 0; i < Buckets.Length; i++)
            {
                if (seconds <= Buckets[i])
                {
                    _bucketCounts[i]++;
                }
            }
        }
    }

    /// <summary>The Prometheus text exposition format, version 0.0.4.</summary>
    public string Render()
    {
        var sb = new StringBuilder(2048);
        lock (_lock)
        {
            Gauge(sb, "felix_active_local_endpoints", "Number of active endpoints on this host.", ActiveLocalEndpoints);
            Gauge(sb, "felix_active_local_policies", "Number of active policies on this host.", ActiveLocalPolicies);
            Gauge(sb, "felix_ipsets_calico", "Number of active Calico IP sets.", IpSets);
            Gauge(sb, "felix_cluster_num_hosts", "Total number of Calico hosts in the cluster.", ClusterHosts);
            Gauge(sb, "felix_cluster_num_workload_endpoints", "Total number of workload endpoints cluster-wide.", ClusterWorkloadEndpoints);
            Gauge(sb, "felix_resync_state", "Current datastore state: 1 in sync, 0 not yet in sync.", InSync ? 1 : 0);
            Counter(sb, "felix_resyncs_started", "Number of times Felix has started resyncing with the datastore.", ResyncsStarted);
            Counter(sb, "felix_int_dataplane_failures", "Number of times dataplane updates failed and will be retried.", DataplaneFailures);
            Counter(sb, "felix_route_table_failures", "Number of route programming failures (retried).", RouteFailures);
            Counter(sb, "calico_ipam_gc_released_addresses", "Leaked addresses freed by this agent's IPAM sweeps.", IpamGcReleased);
            const string apply = "felix_int_dataplane_apply_time_seconds";
            sb.Append("# HELP ").Append(apply).Append(" Time in seconds that it took to apply a dataplane update.\n");
            sb.Append("# TYPE ").Append(apply).Append(" histogram\n");
            for (var i = 0; i < Buckets.Length; i++)
            {
                sb.Append(apply).Append("_bucket{le=\"").Append(Buckets[i].ToString(CultureInfo.InvariantCulture)).Append("\"} ")
                    .Append(_bucketCounts[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            sb.Append(apply).Append("_bucket{le=\"+Inf\"} ").Append(_applyCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
            sb.Append(apply).Append("_sum ").Append(_applySum.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            sb.Append(apply).Append("_count ").Append(_applyCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        var process = Environment.WorkingSet;
        Gauge(sb, "process_resident_memory_bytes", "Resident memory size in bytes.", process);
        return sb.ToString();
    }

    private static void Gauge(StringBuilder sb, string name, string help, long value) => Metric(sb, name, help, "gauge", value);

    private static void Counter(StringBuilder sb, string name, string help, long value) => Metric(sb, name, help, "counter", value);

    private static void Metric(StringBuilder sb, string name, string help, string type, long value) =>
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
          .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n')
          .Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
