using System.Net;
using Calico.Sdk.Policy.Graph;
using Calico.Sdk.Policy.Ingest;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Policy;

/// <summary>
/// The incremental calculation graph and evaluator (see <see cref="IPolicyEngine"/> for the contract and
/// <c>docs/policy.md</c> for the design). Work per update is proportional to what the update touches: a label
/// change re-evaluates only the selectors that mention the changed labels, and only the endpoints whose set of
/// matching policies changed get a new program.
/// </summary>
public sealed partial class PolicyEngine : IPolicyEngine
{
    private readonly Lock _lock = new();
    private readonly PolicyEngineOptions _options;
    private readonly SelectorIndex _index;
    private readonly Dictionary<string, LabelledNode> _labelled = new(StringComparer.Ordinal);
    private readonly Dictionary<EndpointId, LabelledNode> _localEndpoints = [];
    private readonly Dictionary<IPAddress, LabelledNode> _localByAddress = [];
    private readonly Dictionary<PolicyId, PolicyNode> _policies = [];
    private readonly Dictionary<string, TierNode> _tiers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProfileNode> _profiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IpSetNode> _ipSets = new(StringComparer.Ordinal);
    private readonly Dictionary<PolicyId, CompiledPolicy> _emittedPolicies = [];
    private readonly Dictionary<EndpointId, EndpointProgram> _emittedEndpoints = [];

    // State of the batch being applied.
    private readonly HashSet<LabelledNode> _dirtyEndpoints = [];
    private readonly HashSet<EndpointId> _removedEndpoints = [];
    private readonly HashSet<PolicyNode> _dirtyPolicies = [];
    private readonly HashSet<ProfileNode> _dirtyProfiles = [];
    private readonly HashSet<IpSetNode> _touchedSets = [];
    private bool _suppressIpSetCallbacks;

    /// <summary>Creates an engine with default options (every endpoint local).</summary>
    public PolicyEngine()
        : this(new PolicyEngineOptions())
    {
    }

    /// <summary>Creates an engine.</summary>
    /// <param name="options">The options; read once.</param>
    public PolicyEngine(PolicyEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _index = new SelectorIndex(OnMatchChanged);
    }

    /// <inheritdoc />
    public long Generation { get; private set; }

    /// <summary>Applies one update; see <see cref="Apply(IReadOnlyList{PolicyUpdate})"/>.</summary>
    /// <param name="update">The update.</param>
    /// <returns>The delta.</returns>
    public PolicyDelta Apply(PolicyUpdate update) => Apply([update]);

    /// <inheritdoc />
    public PolicyDelta Apply(IReadOnlyList<PolicyUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var models = Validate(updates);
        lock (_lock)
        {
            for (var i = 0; i < updates.Count; i++)
            {
                ApplyOne(updates[i], models[i]);
            }

            return FinishBatch();
        }
    }

    private static object?[] Validate(IReadOnlyList<PolicyUpdate> updates)
    {
        var models = new object?[updates.Count];
        var errors = new List<PolicyInputError>();
        for (var i = 0; i < updates.Count; i++)
        {
            var update = updates[i];
            if (update is null)
            {
                errors.Add(new PolicyInputError(i, "null", "update", "an update, not null"));
                continue;
            }

            var found = new InputErrors();
            models[i] = Convert(update, found);
            foreach (var (field, message) in found.Items)
            {
                errors.Add(new PolicyInputError(i, update.ToString(), field, message));
            }
        }

        return errors.Count > 0 ? throw new PolicyInputException(errors) : models;
    }

    private static object? Convert(PolicyUpdate update, InputErrors errors)
    {
        if (string.IsNullOrEmpty(update.Name))
        {
            errors.Add("metadata.name", "a name is required");
            return null;
        }

        if (update.Resource is not { } resource)
        {
            return null;
        }

        if (!string.Equals(resource.Metadata.Name, update.Name, StringComparison.Ordinal)
            || !string.Equals(resource.Metadata.Namespace, update.Namespace, StringComparison.Ordinal))
        {
            errors.Add("metadata", $"resource {resource.Metadata.Namespace}/{resource.Metadata.Name} does not match the update's key");
            return null;
        }

        return (update.Kind, resource) switch
        {
            (PolicyInputKind.WorkloadEndpoint, WorkloadEndpoint wep) => ModelBuilder.Workload(wep, errors),
            (PolicyInputKind.HostEndpoint, HostEndpoint hep) => ModelBuilder.Host(hep, errors),
            (PolicyInputKind.NetworkSet, NetworkSet set) => ModelBuilder.NetworkSet(set, global: false, errors),
            (PolicyInputKind.GlobalNetworkSet, GlobalNetworkSet set) => ModelBuilder.NetworkSet(set, global: true, errors),
            (PolicyInputKind.Tier, Tier tier) => ModelBuilder.Tier(tier, errors),
            (PolicyInputKind.Profile, Profile profile) => ModelBuilder.Profile(profile, errors),
            (PolicyInputKind.NetworkPolicy, NetworkPolicy)
                or (PolicyInputKind.GlobalNetworkPolicy, GlobalNetworkPolicy)
                or (PolicyInputKind.StagedNetworkPolicy, StagedNetworkPolicy)
                or (PolicyInputKind.StagedGlobalNetworkPolicy, StagedGlobalNetworkPolicy)
                or (PolicyInputKind.KubernetesNetworkPolicy, KubernetesNetworkPolicy) => ModelBuilder.Policy(update.Kind, resource, errors),
            _ => Mismatch(update, errors),
        };
    }

    private static object? Mismatch(PolicyUpdate update, InputErrors errors)
    {
        errors.Add("kind", $"a {update.Resource!.GetType().Name} resource cannot be given as {update.Kind}");
        return null;
    }

    private void ApplyOne(PolicyUpdate update, object? model)
    {
        switch (update.Kind)
        {
            case PolicyInputKind.WorkloadEndpoint or PolicyInputKind.HostEndpoint
                or PolicyInputKind.NetworkSet or PolicyInputKind.GlobalNetworkSet:
                if (model is LabelledModel labelled)
                {
                    UpsertLabelled(labelled);
                }
                else
                {
                    RemoveLabelled(ModelBuilder.LabelledKey(update.Kind, update.Namespace, update.Name));
                }

                break;
            case PolicyInputKind.Tier:
                SetTier(update.Name, model as TierModel);
                break;
            case PolicyInputKind.Profile:
                SetProfile(update.Name, model as ProfileModel);
                break;
            default:
                if (model is PolicyModel policy)
                {
                    UpsertPolicy(policy);
                }
                else
                {
                    RemovePolicy(ModelBuilder.PolicyIdFor(update.Kind, update.Namespace, update.Name));
                }

                break;
        }
    }
}
