using System.Text.RegularExpressions;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Validation;

/// <summary>Envelope and metadata checks: kind/apiVersion, name formats per kind, namespace scope, labels, annotations.</summary>
internal static partial class MetadataRules
{
    private const int MaxAnnotationBytes = 256 * 1024;

    public static void Validate(ValidationContext ctx, Resource resource, ResourceKind kind)
    {
        if (!string.Equals(resource.ApiVersion, kind.ApiVersion, StringComparison.Ordinal))
        {
            ctx.Add("apiVersion", resource.ApiVersion, $"must be {kind.ApiVersion} for kind {kind.Kind}");
        }

        if (!string.Equals(resource.Kind, kind.Kind, StringComparison.Ordinal))
        {
            ctx.Add("kind", resource.Kind, $"must be {kind.Kind} for this resource type");
        }

        var meta = resource.Metadata;
        if (meta is null)
        {
            ctx.Add("metadata", null, "required field is missing");
            return;
        }

        if (ctx.Required("metadata.name", meta.Name))
        {
            ValidateName(ctx, resource, meta.Name!);
        }

        if (kind.Namespaced)
        {
            if (ctx.Required("metadata.namespace", meta.Namespace) && !NameRules.IsDns1123Label(meta.Namespace))
            {
                ctx.Add("metadata.namespace", meta.Namespace, "namespace must be a DNS-1123 label (at most 63 lower-case alphanumerics or '-')");
            }
        }
        else if (!string.IsNullOrEmpty(meta.Namespace))
        {
            ctx.Add("metadata.namespace", meta.Namespace, $"{kind.Kind} is cluster-scoped and must not have a namespace");
        }

        FieldRules.Labels(ctx, "metadata.labels", meta.Labels);
        if (meta.Annotations is not null)
        {
            var total = 0;
            foreach (var (key, value) in meta.Annotations)
            {
                if (FieldRules.QualifiedName(key) is { } error)
                {
                    ctx.Add(Paths.Key("metadata.annotations", key), key, "invalid annotation key: " + error);
                }

                total += key.Length + (value?.Length ?? 0);
            }

            if (total > MaxAnnotationBytes)
            {
                ctx.Add("metadata.annotations", null, "annotations must total at most 256 KiB");
            }
        }
    }

    private static void ValidateName(ValidationContext ctx, Resource resource, string name)
    {
        const string path = "metadata.name";
        switch (resource)
        {
            case Tier:
                if (!NameRules.IsDns1123Label(name))
                {
                    ctx.Add(path, name, "tier name must be a single DNS-1123 label (lower-case alphanumerics or '-', no dots, at most 63)");
                }

                break;
            case NetworkPolicy or StagedNetworkPolicy:
                if (name.Length > NameRules.MaxSubdomainLength || LongestLabel(name) > NameRules.MaxLabelLength
                    || !(PolicyName().IsMatch(name) || KubernetesPolicyName().IsMatch(name)))
                {
                    ctx.Add(path, name, "policy name must be a DNS-1123 label optionally prefixed by '<tier>.', or knp.default.<name> / ossg.default.<name>");
                }

                break;
            case GlobalNetworkPolicy or StagedGlobalNetworkPolicy:
                if (LongestLabel(name) > NameRules.MaxLabelLength || !PolicyName().IsMatch(name))
                {
                    ctx.Add(path, name, "global policy name must be a DNS-1123 label optionally prefixed by '<tier>.'");
                }

                break;
            case ClusterInformation or IPAMConfiguration or KubeControllersConfiguration:
                if (name != "default")
                {
                    ctx.Add(path, name, $"{resource.Kind} is a singleton and must be named \"default\"");
                }

                break;
            case FelixConfiguration or BGPConfiguration:
                if (name != "default" && !(name.StartsWith("node.", StringComparison.Ordinal) && NameRules.IsDns1123Subdomain(name[5..])))
                {
                    ctx.Add(path, name, "must be \"default\" or \"node.<nodename>\"");
                }

                break;
            default:
                if (!NameRules.IsDns1123Subdomain(name))
                {
                    ctx.Add(path, name, "name must be a DNS-1123 subdomain (lower-case alphanumerics, '-' and '.', at most 253 characters)");
                }

                break;
        }
    }

    private static int LongestLabel(string name) => name.Split('.').Max(label => label.Length);

    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex PolicyName();

    [GeneratedRegex(@"^(knp|ossg)\.default\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KubernetesPolicyName();
}
