using Calico.Sdk.Resources;

namespace Calico.Sdk.Policy;

/// <summary>
/// The profiles Calico synthesises from Kubernetes namespaces and service accounts (read-only in KDD mode):
/// <c>kns.&lt;ns&gt;</c> (allow all; labels <c>pcns.*</c>) and <c>ksa.&lt;ns&gt;.&lt;sa&gt;</c> (no rules; labels
/// <c>pcsa.*</c>). Workload endpoints of pods list both, so namespace and service-account selectors work through
/// label inheritance.
/// </summary>
public static class KubernetesProfiles
{
    /// <summary>The namespace profile's name.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <returns><c>kns.&lt;namespace&gt;</c>.</returns>
    public static string NamespaceProfileName(string @namespace) => "kns." + @namespace;

    /// <summary>The service-account profile's name.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="serviceAccount">The service account.</param>
    /// <returns><c>ksa.&lt;namespace&gt;.&lt;serviceAccount&gt;</c>.</returns>
    public static string ServiceAccountProfileName(string @namespace, string serviceAccount) => $"ksa.{@namespace}.{serviceAccount}";

    /// <summary>Builds the <c>kns.</c> profile of a namespace.</summary>
    /// <param name="namespace">The namespace name.</param>
    /// <param name="labels">The namespace's labels.</param>
    /// <returns>The profile.</returns>
    public static Profile ForNamespace(string @namespace, IReadOnlyDictionary<string, string>? labels)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        var profile = new Profile();
        profile.Metadata.Name = NamespaceProfileName(@namespace);
        profile.Spec.LabelsToApply = Prefixed("pcns.", labels, @namespace);
        profile.Spec.Ingress = [new Rule { Action = "Allow" }];
        profile.Spec.Egress = [new Rule { Action = "Allow" }];
        return profile;
    }

    /// <summary>Builds the <c>ksa.</c> profile of a service account.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="serviceAccount">The service account name.</param>
    /// <param name="labels">The service account's labels.</param>
    /// <returns>The profile.</returns>
    public static Profile ForServiceAccount(string @namespace, string serviceAccount, IReadOnlyDictionary<string, string>? labels)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(serviceAccount);
        var profile = new Profile();
        profile.Metadata.Name = ServiceAccountProfileName(@namespace, serviceAccount);
        profile.Spec.LabelsToApply = Prefixed("pcsa.", labels, serviceAccount);
        return profile;
    }

    private static Dictionary<string, string> Prefixed(string prefix, IReadOnlyDictionary<string, string>? labels, string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in labels ?? new Dictionary<string, string>())
        {
            result[prefix + k] = v;
        }

        result[prefix + "projectcalico.org/name"] = name;
        return result;
    }
}
