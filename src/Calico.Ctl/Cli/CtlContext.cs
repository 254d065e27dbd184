using System.Collections;

namespace Calico.Ctl.Cli;

/// <summary>
/// Everything a command touches outside its arguments: the three standard streams, the environment, the working
/// directory, the clock and the host root. Tests run commands in-process with their own context.
/// </summary>
internal sealed class CtlContext
{
    public required TextWriter Out { get; init; }

    public required TextWriter Err { get; init; }

    public required Func<TextReader> In { get; init; }

    public required IDictionary Environment { get; init; }

    public required string WorkingDirectory { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Prefix for the host's /proc, /sys, /lib/modules, /boot (node checksystem); "/" on a real host.</summary>
    public string HostRoot { get; init; } = "/";

    /// <summary>Where executables are searched (node checksystem); the PATH variable when null.</summary>
    public string? SearchPath { get; init; }

    public CancellationToken CancellationToken { get; init; }

    public static CtlContext FromProcess() => new()
    {
        Out = Console.Out,
        Err = Console.Error,
        In = () => Console.In,
        Environment = System.Environment.GetEnvironmentVariables(),
        WorkingDirectory = Directory.GetCurrentDirectory(),
    };

    public string? Env(string name) => Environment[name] is string s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    public string ResolvePath(string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(WorkingDirectory, path));
}
