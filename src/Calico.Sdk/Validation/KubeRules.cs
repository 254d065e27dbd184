using System.Text.RegularExpressions;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Validation;

/// <summary>Checks of ClusterInformation, KubeControllersConfiguration and the Kubernetes NetworkPolicy.</summary>
internal static partial class KubeRules
{
    public static void Validate(ValidationContext ctx, ClusterInformation info)
    {
        if (info.Spec.ClusterGuid is { } guid && !HexGuid().IsMatch(guid))
        {
            ctx.Add("spec.clusterGUID", guid, "clusterGUID must be 32 lower-case hex characters");
        }
    }

    public static void Validate(ValidationContext ctx, KubeControllersConfiguration config)
    {
        Spec(ctx, "spec", config.Spec);
        if (config.Status?.RunningConfig is { } running)
        {
            Spec(ctx, "status.runningConfig", running);
        }
    }

    private static void Spec(ValidationContext ctx, string path, KubeControllersConfigurationSpec s)
    {
        ctx.OneOf(path + ".logSeverityScreen", s.LogSeverityScreen, "Trace", "Debug", "Info", "Warning", "Error", "Fatal");
        ctx.OneOf(path + ".healthChecks", s.HealthChecks, "Enabled", "Disabled");
        FieldRules.Duration(ctx, path + ".etcdV3CompactionPeriod", s.EtcdV3CompactionPeriod);
        ctx.Range(path + ".prometheusMetricsPort", s.PrometheusMetricsPort, 0, 65535);
        ctx.Range(path + ".debugProfilePort", s.DebugProfilePort, 0, 65535);
        if (s.Controllers is not { } c)
        {
            return;
        }

        var cp = path + ".controllers";
        if (c.Node is { } node)
        {
            FieldRules.Duration(ctx, cp + ".node.reconcilerPeriod", node.ReconcilerPeriod);
            FieldRules.Duration(ctx, cp + ".node.leakGracePeriod", node.LeakGracePeriod);
            ctx.OneOf(cp + ".node.syncLabels", node.SyncLabels, "Enabled", "Disabled");
            if (node.HostEndpoint is { } hep)
            {
                ctx.OneOf(cp + ".node.hostEndpoint.autoCreate", hep.AutoCreate, "Enabled", "Disabled");
                ctx.OneOf(cp + ".node.hostEndpoint.createDefaultHostEndpoint", hep.CreateDefaultHostEndpoint, "Enabled", "Disabled");
                for (var i = 0; hep.Templates is not null && i < hep.Templates.Count; i++)
                {
                    Template(ctx, Paths.Index(cp + ".node.hostEndpoint.templates", i), hep.Templates[i]);
                }
            }
        }

        FieldRules.Duration(ctx, cp + ".policy.reconcilerPeriod", c.Policy?.ReconcilerPeriod);
        FieldRules.Duration(ctx, cp + ".workloadEndpoint.reconcilerPeriod", c.WorkloadEndpoint?.ReconcilerPeriod);
        FieldRules.Duration(ctx, cp + ".serviceAccount.reconcilerPeriod", c.ServiceAccount?.ReconcilerPeriod);
        FieldRules.Duration(ctx, cp + ".namespace.reconcilerPeriod", c.Namespace?.ReconcilerPeriod);
        ctx.OneOf(cp + ".loadBalancer.assignIPs", c.LoadBalancer?.AssignIPs, "AllServices", "RequestedServicesOnly");
        ctx.OneOf(cp + ".migration.policyNameMigrator", c.Migration?.PolicyNameMigrator, "Enabled", "Disabled");
    }

    private static void Template(ValidationContext ctx, string path, AutoHostEndpointTemplate template)
    {
        if (ctx.Required(path + ".generateName", template.GenerateName) && !NameRules.IsDns1123Label(template.GenerateName))
        {
            ctx.Add(path + ".generateName", template.GenerateName, "must be a DNS-1123 label");
        }

        FieldRules.CidrList(ctx, path + ".interfaceCIDRs", template.InterfaceCidrs, allowBareAddress: false, requireMasked: false, oneFamily: false);
        if (template.InterfacePattern is { } pattern)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                ctx.Add(path + ".interfacePattern", pattern, "invalid regular expression: " + ex.Message);
            }
        }

        FieldRules.Selector(ctx, path + ".nodeSelector", template.NodeSelector);
        FieldRules.Labels(ctx, path + ".labels", template.Labels);
    }

    [GeneratedRegex("^[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex HexGuid();
}
