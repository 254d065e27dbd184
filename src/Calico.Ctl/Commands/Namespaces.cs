using Calico.Ctl.Cli;
using Calico.Ctl.Input;
using Calico.Sdk.Resources;

namespace Calico.Ctl.Commands;

/// <summary>Namespace rules: a namespaced resource without one gets <c>-n</c> (default <c>default</c>); a clash is an error.</summary>
internal static class Namespaces
{
    public const string Default = "default";

    public static ResourceKind KindOf(Resource resource) =>
        ResourceKinds.ForType(resource.GetType()) ?? throw new CtlException($"resource type '{resource.Kind}' is not supported");

    /// <summary>Fills namespaces in place; returns an error per document whose namespace contradicts <c>-n</c>.</summary>
    public static List<string> Assign(IEnumerable<InputDocument> documents, string? flag)
    {
        var errors = new List<string>();
        foreach (var d in documents)
        {
            var r = d.Resource!;
            var kind = KindOf(r);
            var prefix = d.ItemIndex is { } i ? $"items[{i}]." : string.Empty;
            if (!kind.Namespaced)
            {
                if (!string.IsNullOrEmpty(r.Metadata.Namespace))
                {
                    errors.Add($"{d.Source}: " + Messages.Describe(new ResourceError(d.DocumentIndex, prefix + "metadata.namespace", r.Metadata.Namespace, $"{r.Kind} is not namespaced")));
                }

                continue;
            }

            if (string.IsNullOrEmpty(r.Metadata.Namespace))
            {
                r.Metadata.Namespace = flag ?? Default;
            }
            else if (flag is not null && flag != r.Metadata.Namespace)
            {
                errors.Add($"{d.Source}: " + Messages.Describe(new ResourceError(d.DocumentIndex, prefix + "metadata.namespace", r.Metadata.Namespace, $"does not match the namespace given with --namespace ({flag})")));
            }
        }

        return errors;
    }
}
