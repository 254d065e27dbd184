using System.Text.RegularExpressions;
using Calico.Sdk.Datastore;
using Microsoft.Extensions.Options;

namespace Calico.Sdk.DependencyInjection;

/// <summary>Validates <see cref="CalicoOptions"/> at start-up, without reflection (AOT-safe).</summary>
internal sealed partial class CalicoOptionsValidator : IValidateOptions<CalicoOptions>
{
    public ValidateOptionsResult Validate(string? name, CalicoOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(options.NodeName) || options.NodeName.Length > 253 || !NodeNamePattern().IsMatch(options.NodeName))
        {
            errors.Add($"NodeName '{options.NodeName}' is not a valid node name: lower-case DNS-1123 subdomain, at most 253 characters");
        }

        try
        {
            options.Datastore.Validate();
        }
        catch (DatastoreConfigurationException ex)
        {
            errors.Add(ex.Message);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex NodeNamePattern();
}
