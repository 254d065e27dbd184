namespace Calico.Ctl.Cli;

/// <summary>A failure the user gets as one message on stderr and a non-zero exit code (1 unless said otherwise).</summary>
internal sealed class CtlException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
