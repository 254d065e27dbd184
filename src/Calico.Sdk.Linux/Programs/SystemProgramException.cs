using System.Globalization;

namespace Calico.Sdk.Linux;

/// <summary>A system program could not be found, exited with a failure code, or timed out. The message names the
/// command line, the exit code (or timeout), the elapsed time and the first lines of stderr.</summary>
public sealed class SystemProgramException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="commandLine">The program and its arguments.</param>
    /// <param name="reason">Why it failed, e.g. <c>exited with code 1 after 12 ms</c>.</param>
    /// <param name="result">The captured output, or null when the program never ran.</param>
    /// <param name="timedOut">Whether it was killed for exceeding its timeout.</param>
    public SystemProgramException(string commandLine, string reason, SystemProgramResult? result, bool timedOut)
        : base(Format(commandLine, reason, result))
    {
        CommandLine = commandLine;
        Result = result;
        TimedOut = timedOut;
    }

    /// <summary>The program and its arguments, as run.</summary>
    public string CommandLine { get; }

    /// <summary>The exit code and captured output, or null when the program never started.</summary>
    public SystemProgramResult? Result { get; }

    /// <summary>Whether the program was killed for exceeding its timeout.</summary>
    public bool TimedOut { get; }

    private static string Format(string commandLine, string reason, SystemProgramResult? result)
    {
        var text = string.Format(CultureInfo.InvariantCulture, "'{0}' {1}", commandLine, reason);
        var stderr = result?.StandardError.Trim();
        if (string.IsNullOrEmpty(stderr))
        {
            return text;
        }

        var lines = stderr.Split('\n');
        return text + ": " + string.Join(" | ", lines.Take(5)) + (lines.Length > 5 ? " | ..." : string.Empty);
    }
}
