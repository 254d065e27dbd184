using Microsoft.Extensions.Options;

namespace Calico.Routing.Direct;

/// <summary>Checks <see cref="DirectRoutingOptions"/> at start-up (<c>ValidateOnStart</c>).</summary>
internal sealed class DirectRoutingOptionsValidator : IValidateOptions<DirectRoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, DirectRoutingOptions options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
