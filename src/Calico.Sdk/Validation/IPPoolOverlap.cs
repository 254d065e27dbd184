using Calico.Sdk.Resources;

namespace Calico.Sdk.Validation;

/// <summary>The cross-object IPPool rule: a pool's CIDR must not overlap any other existing pool's CIDR.</summary>
public static class IPPoolOverlap
{
    /// <summary>Checks <paramref name="candidate"/> against <paramref name="existing"/> pools (a pool with the same name is skipped).</summary>
    /// <param name="candidate">The pool being created or updated.</param>
    /// <param name="existing">The pools already in the datastore.</param>
    /// <param name="documentIndex">The document index reported in errors.</param>
    /// <returns>One error per overlapping pool; empty when there is none (or the candidate's CIDR is unparseable).</returns>
    public static IReadOnlyList<ResourceError> Check(IPPool candidate, IEnumerable<IPPool> existing, int documentIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(existing);
        var errors = new List<ResourceError>();
        if (!IPNet.TryParse(candidate.Spec.Cidr, false, out var net))
        {
            return errors;
        }

        foreach (var other in existing)
        {
            if (other is null || string.Equals(other.Metadata.Name, candidate.Metadata.Name, StringComparison.Ordinal))
            {
                continue;
            }

            if (IPNet.TryParse(other.Spec.Cidr, false, out var otherNet) && net.Overlaps(otherNet))
            {
                errors.Add(new ResourceError(
                    documentIndex,
                    "spec.cidr",
                    candidate.Spec.Cidr,
                    $"IP pool CIDR overlaps existing pool \"{other.Metadata.Name}\" ({other.Spec.Cidr})"));
            }
        }

        return errors;
    }
}
