using System.Text.Json;
using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;

namespace Calico.Sdk.Hosting.Configuration;

/// <summary>Turns a FelixConfiguration resource into parameter name → text, through its source-generated JSON contract.</summary>
internal static class FelixConfigurationReader
{
    // Datastore connection parameters are local-only in Felix: a datastore value is never used for them.
    private static readonly HashSet<string> LocalOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        "datastoreType", "typhaAddr", "typhaK8sServiceName", "nodeSelector",
    };

    public static Dictionary<string, string> Read(FelixConfiguration? configuration)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (configuration is null)
        {
            return values;
        }

        var element = JsonSerializer.SerializeToElement(configuration, CalicoJsonContext.Default.FelixConfiguration);
        if (!element.TryGetProperty("spec", out var spec) || spec.ValueKind != JsonValueKind.Object)
        {
            return values;
        }

        foreach (var property in spec.EnumerateObject())
        {
            if (LocalOnly.Contains(property.Name) || property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            values[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => property.Value.GetRawText(),
            };
        }

        return values;
    }
}
