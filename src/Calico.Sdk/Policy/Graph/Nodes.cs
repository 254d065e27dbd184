using System.Diagnostics.CodeAnalysis;
using Calico.Sdk.Policy.Ingest;
using Calico.Sdk.Selectors;

namespace Calico.Sdk.Policy.Graph;

/// <summary>
/// An endpoint or network set in the graph. Its effective labels are read through the profile chain on lookup
/// (own label first, then each parent profile in order), so no per-endpoint merged map exists.
/// </summary>
internal sealed class LabelledNode(LabelledModel model) : ILabelSource
{
    public LabelledModel Model { get; set; } = model;

    public ProfileNode[] Parents { get; set; } = [];

    /// <summary>Selector entries currently matching this node.</summary>
    public HashSet<SelectorEntry> Matched { get; } = [];

    /// <summary>Local endpoints only: the policies whose applies-to selector matches.</summary>
    public HashSet<PolicyNode> Policies { get; } = [];

    public bool IsLocal { get; set; }

    public EndpointProgram? Emitted { get; set; }

    public bool Dirty { get; set; }

    public bool TryGetLabel(string name, [MaybeNullWhen(false)] out string value)
    {
        if (Model.Labels.TryGetValue(name, out value))
        {
            return true;
        }

        foreach (var parent in Parents)
        {
            if (parent.Labels.TryGetValue(name, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }
}

/// <summary>A profile, possibly referenced before (or after) it exists.</summary>
internal sealed class ProfileNode(string name)
{
    private static readonly Dictionary<string, string> NoLabels = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public PolicyId Id { get; } = new(PolicyKind.Profile, null, name);

    public ProfileModel? Model { get; set; }

    public IReadOnlyDictionary<string, string> Labels => Model?.LabelsToApply ?? NoLabels;

    public HashSet<LabelledNode> Children { get; } = [];

    public int LocalRefs { get; set; }

    public IpSetDef[] ReferencedSets { get; set; } = [];

    public CompiledPolicy? Emitted { get; set; }

    public bool Dirty { get; set; }

    public CompiledPolicy Compiled => Model?.Compiled ?? CompiledPolicy.DenyAll(Id);
}

/// <summary>A tier; <see cref="Model"/> is null while the Tier resource does not exist.</summary>
internal sealed class TierNode(string name)
{
    public string Name { get; } = name;

    public TierModel? Model { get; set; }

    public HashSet<PolicyNode> Policies { get; } = [];
}

/// <summary>A policy of any kind in the graph.</summary>
internal sealed class PolicyNode(PolicyModel model, SelectorEntry appliesTo, TierNode tier)
{
    public PolicyModel Model { get; set; } = model;

    public SelectorEntry AppliesTo { get; set; } = appliesTo;

    public TierNode Tier { get; set; } = tier;

    public HashSet<LabelledNode> LocalMatches { get; } = [];

    public IpSetDef[] ReferencedSets { get; set; } = [];

    public CompiledPolicy? Emitted { get; set; }

    public bool Deleted { get; set; }

    public bool Dirty { get; set; }
}

/// <summary>A registered selector with its current matches and who listens to it.</summary>
internal sealed class SelectorEntry(Selector selector)
{
    public Selector Selector { get; } = selector;

    public int RefCount { get; set; }

    public HashSet<LabelledNode> Matches { get; } = [];

    public List<PolicyNode> Policies { get; } = [];

    public List<IpSetNode> IpSets { get; } = [];

    public int Stamp { get; set; }
}

/// <summary>An IP set with reference-counted members.</summary>
internal sealed class IpSetNode(IpSetDef def, SelectorEntry entry)
{
    public IpSetDef Def { get; } = def;

    public SelectorEntry Entry { get; } = entry;

    public int RefCount { get; set; }

    public Dictionary<IpSetMember, int> Counts { get; } = [];

    /// <summary>Members whose presence flipped during the current batch (true = now present).</summary>
    public Dictionary<IpSetMember, bool> Pending { get; } = [];

    public bool Emitted { get; set; }

    public bool Touched { get; set; }

    public bool EmittedAtStart { get; set; }

    public int NonHostMembers { get; set; }
}
