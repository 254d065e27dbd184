namespace Calico.Sdk.Hosting.Configuration;

/// <summary>One Felix configuration parameter the agent understands.</summary>
/// <param name="Name">Felix's parameter name (the FelixConfiguration field with an upper-case first letter).</param>
/// <param name="Default">The built-in default, as text.</param>
/// <param name="Live">Whether a change is applied without restarting the agent.</param>
/// <param name="Type">How the value is parsed.</param>
internal sealed record FelixParameter(string Name, string Default, bool Live, FelixValueType Type);

/// <summary>The value syntaxes of Felix parameters.</summary>
internal enum FelixValueType
{
    Text,
    Boolean,
    Integer,
    Duration,
}
