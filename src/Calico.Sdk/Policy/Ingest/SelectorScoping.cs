using Calico.Sdk.Resources;
using Calico.Sdk.Selectors;

namespace Calico.Sdk.Policy.Ingest;

/// <summary>
/// Calico's namespace / service-account scoping of selectors (behaviour §2.6): namespaced policies are confined to
/// their namespace, namespace and service-account selectors become <c>pcns.</c>/<c>pcsa.</c> label selectors over
/// the labels endpoints inherit from their <c>kns.</c>/<c>ksa.</c> profiles.
/// </summary>
internal static class SelectorScoping
{
    public const string NamespaceLabel = "projectcalico.org/namespace";
    public const string ServiceAccountLabel = "projectcalico.org/serviceaccount";
    public const string OrchestratorLabel = "projectcalico.org/orchestrator";
    public const string NamespacePrefix = "pcns.";
    public const string ServiceAccountPrefix = "pcsa.";

    /// <summary>The applies-to selector of a policy; empty text means <c>all()</c>.</summary>
    public static string AppliesTo(string? selector, string? policyNamespace, string? namespaceSelector, string? serviceAccountSelector)
    {
        var result = selector?.Trim() ?? string.Empty;
        if (policyNamespace is not null)
        {
            result = result.Length == 0
                ? $"{NamespaceLabel} == '{policyNamespace}'"
                : $"({result}) && {NamespaceLabel} == '{policyNamespace}'";
        }

        if (!string.IsNullOrWhiteSpace(namespaceSelector))
        {
            result = PrefixAndAppend(result, namespaceSelector, NamespacePrefix)
                .Replace("all()", $"has({NamespaceLabel})", StringComparison.Ordinal);
        }

        if (!string.IsNullOrWhiteSpace(serviceAccountSelector))
        {
            result = PrefixAndAppend(result, serviceAccountSelector, ServiceAccountPrefix)
                .Replace("all()", $"has({ServiceAccountLabel})", StringComparison.Ordinal);
        }

        return result;
    }

    /// <summary>
    /// The positive selector of a rule's source or destination (empty: no selector). <c>notSelector</c> is not
    /// scoped; its presence only forces the namespace clause in a namespaced policy.
    /// </summary>
    public static string Entity(EntityRule entity, string? policyNamespace)
    {
        var nsSelector = string.Empty;
        if (!string.IsNullOrWhiteSpace(entity.NamespaceSelector))
        {
            nsSelector = Selector.Parse(entity.NamespaceSelector).WithLabelPrefix(NamespacePrefix).ToString()
                .Replace("all()", $"has({NamespaceLabel})", StringComparison.Ordinal)
                .Replace("global()", $"!has({NamespaceLabel})", StringComparison.Ordinal);
        }
        else if (policyNamespace is not null)
        {
            nsSelector = $"{NamespaceLabel} == '{policyNamespace}'";
        }

        var saSelector = string.Empty;
        if (entity.ServiceAccounts is { } sa)
        {
            if (!string.IsNullOrWhiteSpace(sa.Selector))
            {
                saSelector = Selector.Parse(sa.Selector).WithLabelPrefix(ServiceAccountPrefix).ToString();
            }

            if (sa.Names is { Count: > 0 } names)
            {
                var namesSelector = $"{ServiceAccountLabel} in {{{string.Join(", ", names.Select(n => "'" + n + "'"))}}}";
                saSelector = saSelector.Length == 0 ? namesSelector : $"({saSelector}) && ({namesSelector})";
            }
        }

        var selector = entity.Selector?.Trim() ?? string.Empty;
        if (saSelector.Length > 0)
        {
            selector = selector.Length == 0 ? saSelector : $"({saSelector}) && ({selector})";
        }

        if (nsSelector.Length > 0
            && (selector.Length > 0 || !string.IsNullOrWhiteSpace(entity.NotSelector) || !string.IsNullOrWhiteSpace(entity.NamespaceSelector)))
        {
            selector = selector.Length == 0 ? nsSelector : $"({nsSelector}) && ({selector})";
        }

        return selector;
    }

    private static string PrefixAndAppend(string current, string toAppend, string prefix)
    {
        var prefixed = Selector.Parse(toAppend).WithLabelPrefix(prefix).ToString();
        return current.Length == 0 ? prefixed : $"({current}) && {prefixed}";
    }
}
