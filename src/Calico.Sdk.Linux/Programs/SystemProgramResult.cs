namespace Calico.Sdk.Linux;

/// <summary>The outcome of a program run by <see cref="SystemProgram.RunAsync"/>.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="StandardOutput">Everything written to stdout.</param>
/// <param name="StandardError">Everything written to stderr.</param>
/// <param name="Elapsed">Wall time from start to exit.</param>
public sealed record SystemProgramResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed);
