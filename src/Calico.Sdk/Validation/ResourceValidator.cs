using Calico.Sdk.Resources;

namespace Calico.Sdk.Validation;

/// <summary>
/// Calico's validation of resources: names, labels, CIDRs, ports, protocols, ICMP, enums, required fields, list
/// limits, selector syntax and the per-kind cross-field rules. Every error names the document index, the field
/// path, the offending value and why it is wrong. Validate after <see cref="ResourceDefaults.Apply"/>, as Calico does.
/// </summary>
public static class ResourceValidator
{
    /// <summary>Validates one resource.</summary>
    /// <param name="resource">The resource.</param>
    /// <param name="documentIndex">The index reported in errors (the resource's position in its input).</param>
    /// <returns>Every problem found; empty when the resource is valid.</returns>
    public static IReadOnlyList<ResourceError> Validate(Resource resource, int documentIndex = 0) =>
        Validate(resource, documentIndex, string.Empty);

    /// <summary>Validates one resource and throws when it is invalid.</summary>
    /// <param name="resource">The resource.</param>
    /// <param name="documentIndex">The index reported in errors.</param>
    /// <exception cref="ResourceValidationException">The resource is invalid.</exception>
    public static void ThrowIfInvalid(Resource resource, int documentIndex = 0)
    {
        var errors = Validate(resource, documentIndex);
        if (errors.Count > 0)
        {
            throw new ResourceValidationException(errors);
        }
    }

    /// <summary>
    /// The update rules: given the stored and the proposed object, refuses changes of identity (kind, name,
    /// namespace, uid) and of immutable fields (IPPool <c>cidr</c> and <c>blockSize</c>, IPAMBlock <c>cidr</c>,
    /// BlockAffinity <c>cidr</c>/<c>node</c>, IPAMHandle <c>handleID</c>).
    /// </summary>
    /// <param name="existing">The stored object.</param>
    /// <param name="updated">The proposed replacement.</param>
    /// <param name="documentIndex">The index reported in errors.</param>
    /// <returns>Every refused change; empty when the update is allowed.</returns>
    public static IReadOnlyList<ResourceError> ValidateUpdate(Resource existing, Resource updated, int documentIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(updated);
        var ctx = new ValidationContext(documentIndex, string.Empty);
        UpdateRules.Validate(ctx, existing, updated);
        return ctx.Errors;
    }

    internal static IReadOnlyList<ResourceError> Validate(Resource resource, int documentIndex, string prefix)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var ctx = new ValidationContext(documentIndex, prefix);
        var kind = ResourceKinds.ForType(resource.GetType());
        if (kind is null)
        {
            ctx.Add("kind", resource.Kind, $"{resource.GetType().Name} is not a known resource kind");
            return ctx.Errors;
        }

        MetadataRules.Validate(ctx, resource, kind);
        if (resource.Metadata is null)
        {
            return ctx.Errors;
        }

        switch (resource)
        {
            case IPPool x: IPPoolRules.Validate(ctx, x); break;
            case IPReservation x: IpamRules.Validate(ctx, x); break;
            case IPAMBlock x: IpamRules.Validate(ctx, x); break;
            case BlockAffinity x: IpamRules.Validate(ctx, x); break;
            case IPAMHandle x: IpamRules.Validate(ctx, x); break;
            case IPAMConfiguration x: IpamRules.Validate(ctx, x); break;
            case Node x: EndpointRules.Validate(ctx, x); break;
            case WorkloadEndpoint x: EndpointRules.Validate(ctx, x); break;
            case HostEndpoint x: EndpointRules.Validate(ctx, x); break;
            case NetworkPolicy x: PolicyRules.Validate(ctx, x); break;
            case GlobalNetworkPolicy x: PolicyRules.Validate(ctx, x); break;
            case StagedNetworkPolicy x: PolicyRules.Validate(ctx, x); break;
            case StagedGlobalNetworkPolicy x: PolicyRules.Validate(ctx, x); break;
            case Tier x: PolicyRules.Validate(ctx, x); break;
            case NetworkSet x: PolicyRules.Validate(ctx, x.Spec); break;
            case GlobalNetworkSet x: PolicyRules.Validate(ctx, x.Spec); break;
            case Profile x: PolicyRules.Validate(ctx, x); break;
            case BGPPeer x: BgpRules.Validate(ctx, x); break;
            case BGPConfiguration x: BgpRules.Validate(ctx, x); break;
            case BGPFilter x: BgpRules.Validate(ctx, x); break;
            case FelixConfiguration x: FelixRules.Validate(ctx, x); break;
            case ClusterInformation x: KubeRules.Validate(ctx, x); break;
            case KubeControllersConfiguration x: KubeRules.Validate(ctx, x); break;
            case KubernetesNetworkPolicy x: KubernetesPolicyRules.Validate(ctx, x); break;
        }

        return ctx.Errors;
    }
}
