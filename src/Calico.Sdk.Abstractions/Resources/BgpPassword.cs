using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A BGP session password.</summary>
public sealed class BgpPassword
{
    /// <summary>Where the password is read from.</summary>
    [JsonPropertyName("secretKeyRef")]
    public SecretKeySelector? SecretKeyRef { get; set; }
}
