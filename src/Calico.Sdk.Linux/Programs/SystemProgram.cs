using System.Diagnostics;
using System.Globalization;

namespace Calico.Sdk.Linux;

/// <summary>
/// Runs system programs (<c>nft</c>, <c>iptables-restore</c>, <c>ipset</c>, ...) with standard input, a timeout,
/// captured output and an exception that says exactly what failed. With a namespace the process is started from
/// a thread inside it, so the program runs in that network namespace (like <c>ip netns exec</c>).
/// </summary>
public static class SystemProgram
{
    private static readonly string[] SystemDirectories = ["/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin"];

    /// <summary>Runs <paramref name="program"/> and waits for it.</summary>
    /// <param name="program">A program name (looked up on PATH and the sbin directories) or an absolute path.</param>
    /// <param name="arguments">The arguments, passed without a shell.</param>
    /// <param name="options">Input, timeout, namespace, accepted exit codes.</param>
    /// <param name="cancellationToken">Kills the program and throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The exit code, output and elapsed time.</returns>
    /// <exception cref="SystemProgramException">Not found, failed exit code, or timed out.</exception>
    public static async Task<SystemProgramResult> RunAsync(string program, IReadOnlyList<string> arguments, SystemProgramOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        ArgumentNullException.ThrowIfNull(arguments);
        options ??= new SystemProgramOptions();
        var commandLine = string.Join(' ', arguments.Prepend(program));
        var path = Resolve(program) ?? throw new SystemProgramException(commandLine, "was not found on PATH or in the sbin directories", null, false);
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in options.Environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        var started = Stopwatch.GetTimestamp();
        if (options.Namespace is { } ns)
        {
            ns.Run(process.Start); // fork happens on the namespace thread, so the child inherits its namespace
        }
        else
        {
            process.Start();
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await WriteInputAsync(process, options.StandardInput, timeout.Token).ConfigureAwait(false);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var killed = new SystemProgramResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), Stopwatch.GetElapsedTime(started));
            throw new SystemProgramException(commandLine, "timed out after " + Milliseconds(options.Timeout) + " and was killed", killed, true);
        }

        var result = new SystemProgramResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), Stopwatch.GetElapsedTime(started));
        if (!options.SuccessExitCodes.Contains(result.ExitCode))
        {
            throw new SystemProgramException(commandLine, "exited with code " + result.ExitCode.ToString(CultureInfo.InvariantCulture) + " after " + Milliseconds(result.Elapsed), result, false);
        }

        return result;
    }

    // A program may answer without reading its input (a Go CNI plugin's VERSION does): the write then fails with a
    // broken pipe. That is the program's choice, not a failure: its exit code and output decide the result.
    private static async Task WriteInputAsync(Process process, string? input, CancellationToken ct)
    {
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), ct).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The buffered rest of the input has nowhere to go either.
            }
        }
    }

    /// <summary>Finds a program the way a root shell would, including the sbin directories.</summary>
    /// <param name="program">A name or a path.</param>
    /// <returns>The full path, or null.</returns>
    public static string? Resolve(string program)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        }

        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(SystemDirectories);
        return directories.Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the timeout and the kill.
        }
    }

    private static string Milliseconds(TimeSpan span) => span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
