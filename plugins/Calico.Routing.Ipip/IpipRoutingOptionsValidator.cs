using Microsoft.Extensions.Options;

namespace Calico.Routing.Ipip;

/// <summary>Checks <see cref="IpipRoutingOptions"/> at start-up (<c>ValidateOnStart</c>).</summary>
internal sealed class IpipRoutingOptionsValidator : IValidateOptions<IpipRoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, IpipRoutingOptions options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
