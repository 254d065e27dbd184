namespace Calico.Sdk.Linux;

/// <summary>How <see cref="SystemProgram.RunAsync"/> runs a program.</summary>
public sealed record SystemProgramOptions
{
    /// <summary>Text written to standard input, then closed (e.g. an <c>nft -f -</c> ruleset), or null.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Kill the program (and its children) after this long. Default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Start the program inside this network namespace, or null for the caller's.</summary>
    public NetworkNamespace? Namespace { get; init; }

    /// <summary>Exit codes that count as success. Default: 0.</summary>
    public IReadOnlyList<int> SuccessExitCodes { get; init; } = [0];

    /// <summary>Extra environment variables, or null.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}
