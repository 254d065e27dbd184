using Microsoft.Extensions.Options;

namespace Calico.Routing.Vxlan;

/// <summary>Checks <see cref="VxlanRoutingOptions"/> at start-up (<c>ValidateOnStart</c>).</summary>
internal sealed class VxlanRoutingOptionsValidator : IValidateOptions<VxlanRoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, VxlanRoutingOptions options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
