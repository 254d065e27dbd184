using Calico.Sdk.Dataplane;
using Calico.Sdk.Policy;
using static Calico.Sdk.Tests.Dataplane.Programs;
using Xunit;

namespace Calico.Sdk.Tests.Dataplane;

public sealed class PolicyStateReferencesTests
{
    [Fact]
    public void PoliciesSkipStagedAndOnlyIncludeHostStagesWhenAsked()
    {
        var enforced = PolicyNamed("enforced");
        var staged = PolicyNamed("staged", PolicyKind.StagedGlobalNetworkPolicy);
        var forward = PolicyNamed("forward");
        var endpoint = Endpoint("a", ingress: Direction(staged, enforced), forward: Direction(forward));

        Assert.Equal([enforced], PolicyStateReferences.Policies(endpoint, allStages: false));
        Assert.Equal([enforced, forward], PolicyStateReferences.Policies(endpoint, allStages: true));
    }

    [Fact]
    public void ProfilesCountOnlyWhenTheProgramEndsInThem()
    {
        var profile = PolicyNamed("kns.ns", PolicyKind.Profile);
        var profiles = new EquatableArray<PolicyId>([profile]);
        var endsInProfiles = Endpoint("a", ingress: new DirectionProgram(default, profiles, ProgramEnd.Profiles));
        var continues = Endpoint("b", ingress: new DirectionProgram(default, profiles, ProgramEnd.Continue));

        Assert.Equal([profile], PolicyStateReferences.Policies(endsInProfiles, allStages: false));
        Assert.Empty(PolicyStateReferences.Policies(continues, allStages: true));
    }

    [Fact]
    public void IpSetsListEveryMatchKindAndSkipRulesThatNeverMatch()
    {
        var rule = new CompiledRule
        {
            Action = RuleAction.Allow,
            Source = new EntityMatch { IpSets = new(["s1"]), NotIpSets = new(["s2"]) },
            Destination = new EntityMatch { NamedPortIpSets = new(["s3"]), NotNamedPortIpSets = new(["s4"]) },
        };
        var dead = new CompiledRule { Action = RuleAction.Allow, NeverMatches = true, Source = new EntityMatch { IpSets = new(["s5"]) } };

        var sets = PolicyStateReferences.IpSets(PolicyWithRules(PolicyNamed("p"), rule, dead)).ToList();

        Assert.Equal(["s1", "s2", "s3", "s4"], sets);
    }

    [Fact]
    public void ValidateNamesTheFirstDanglingReference()
    {
        var p = PolicyNamed("p");
        var policy = PolicyWithRules(p, new CompiledRule { Action = RuleAction.Deny, Source = new EntityMatch { IpSets = new(["set-1"]) } });
        var endpoint = Endpoint("a", ingress: Direction(p));
        var policies = new Dictionary<PolicyId, CompiledPolicy> { [p] = policy };

        PolicyStateReferences.Validate(policies, [endpoint], id => id == "set-1", allStages: true);

        var missingSet = Assert.Throws<ArgumentException>(() => PolicyStateReferences.Validate(policies, [endpoint], _ => false, allStages: true));
        Assert.Contains("IP set set-1", missingSet.Message, StringComparison.Ordinal);
        Assert.Contains(p.ToString(), missingSet.Message, StringComparison.Ordinal);

        var missingPolicy = Assert.Throws<ArgumentException>(
            () => PolicyStateReferences.Validate(new Dictionary<PolicyId, CompiledPolicy>(), [endpoint], _ => true, allStages: false));
        Assert.Contains($"endpoint {endpoint.Id} references policy {p}", missingPolicy.Message, StringComparison.Ordinal);
    }
}
