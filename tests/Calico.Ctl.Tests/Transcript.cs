using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Calico.Ctl.Config;
using Calico.Sdk.Ipam;
using Calico.TestSupport;
using Xunit;

namespace Calico.Ctl.Tests;

/// <summary>
/// A golden transcript: <c>$ calicoctl ARGS [&lt; FILE] [&gt; FILE]</c> lines followed by the expected stdout lines,
/// stderr lines prefixed <c>! </c> and <c>[exit N]</c> for a non-zero exit code. Directives set the scene:
/// <c>% env K=V</c>, <c>% assign NODE HANDLE NS/POD IP</c> (a real IPAM allocation), <c>% status FILE alive|dead</c>
/// (a node agent status file from tests/data/calicoctl), <c>% hostroot DIR</c>. <c>#</c> lines are comments;
/// <c># backends: sqlite</c> limits a transcript to SQLite. Volatile values (uids, times, revisions, temp paths)
/// are normalised before comparing. <c>UPDATE_GOLDEN=1</c> rewrites the files from the actual output.
/// </summary>
internal static partial class Transcript
{
    public static string GoldenDirectory => Path.Combine(RepoPaths.Root, "tests", "Calico.Ctl.Tests", "Golden");

    public static IEnumerable<string> Names() =>
        Directory.EnumerateFiles(GoldenDirectory, "*.txt").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static bool SqliteOnly(string name) => File.ReadLines(Path.Combine(GoldenDirectory, name + ".txt")).Any(l => l.Trim() == "# backends: sqlite");

    /// <summary>Replays a transcript and returns (expected, actual) text.</summary>
    public static async Task<(string Expected, string Actual)> ReplayAsync(string name, CtlRunner runner)
    {
        var file = Path.Combine(GoldenDirectory, name + ".txt");
        var expected = File.ReadAllText(file).ReplaceLineEndings("\n");
        var actual = new StringBuilder();
        foreach (var line in expected.Split('\n'))
        {
            if (line.StartsWith("$ calicoctl", StringComparison.Ordinal))
            {
                actual.Append(line).Append('\n');
                await RunCommandAsync(line[2..], runner, actual);
            }
            else if (line.StartsWith('%'))
            {
                actual.Append(line).Append('\n');
                await DirectiveAsync(line[1..].Trim(), runner);
            }
            else if (line.StartsWith('#'))
            {
                actual.Append(line).Append('\n');
            }
        }

        var text = actual.ToString().TrimEnd('\n') + "\n";
        if (System.Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1" && !name.EndsWith("-etcd", StringComparison.Ordinal))
        {
            File.WriteAllText(file, text);
        }

        return (expected.TrimEnd('\n') + "\n", text);
    }

    private static async Task RunCommandAsync(string commandLine, CtlRunner runner, StringBuilder actual)
    {
        string? stdin = null;
        string? stdoutFile = null;
        var parts = Split(commandLine).Skip(1).ToList();
        var lt = parts.IndexOf("<");
        if (lt >= 0)
        {
            stdin = File.ReadAllText(Path.Combine(runner.WorkDir, parts[lt + 1]));
            parts.RemoveRange(lt, 2);
        }

        var gt = parts.IndexOf(">");
        if (gt >= 0)
        {
            stdoutFile = Path.Combine(runner.WorkDir, parts[gt + 1]);
            parts.RemoveRange(gt, 2);
        }

        var result = await runner.RunAsync([.. parts], stdin);
        if (stdoutFile is not null)
        {
            File.WriteAllText(stdoutFile, result.Stdout);
        }
        else
        {
            foreach (var l in Lines(Normalize(result.Stdout, runner)))
            {
                actual.Append(l).Append('\n');
            }
        }

        foreach (var l in Lines(Normalize(result.Stderr, runner)))
        {
            actual.Append("! ").Append(l).Append('\n');
        }

        if (result.ExitCode != 0)
        {
            actual.Append("[exit ").Append(result.ExitCode).Append("]\n");
        }

        actual.Append('\n');
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');

    private static async Task DirectiveAsync(string directive, CtlRunner runner)
    {
        var parts = Split(directive);
        switch (parts[0])
        {
            case "env":
                var eq = parts[1].IndexOf('=', StringComparison.Ordinal);
                runner.Environment[parts[1][..eq]] = parts[1][(eq + 1)..].Replace("$WORK", runner.WorkDir, StringComparison.Ordinal);
                break;
            case "assign":
                var options = ClientConfig.Load(new Cli.CtlContext
                {
                    Out = TextWriter.Null, Err = TextWriter.Null, In = () => TextReader.Null, WorkingDirectory = runner.WorkDir,
                    Environment = new System.Collections.Hashtable(runner.Environment),
                }, null);
                await using (var store = ClientConfig.Open(options))
                {
                    var slash = parts[3].IndexOf('/', StringComparison.Ordinal);
                    var attrs = new Dictionary<string, string> { ["node"] = parts[1], ["namespace"] = parts[3][..slash], ["pod"] = parts[3][(slash + 1)..] };
                    await new CalicoIpam(store).AssignAsync(new AssignIpRequest(IPAddress.Parse(parts[4]), parts[2], parts[1]) { Attributes = attrs }, TestContext.Current.CancellationToken);
                }

                break;
            case "status":
                var prefix = runner.Environment["FELIX_ENDPOINTSTATUSPATHPREFIX"];
                Directory.CreateDirectory(Path.Combine(prefix, "status"));
                var pid = parts.Length > 2 && parts[2] == "dead" ? await DeadPidAsync() : System.Environment.ProcessId;
                var json = File.ReadAllText(RepoPaths.TestData(Path.Combine("calicoctl", parts[1]))).Replace("\"$PID\"", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
                File.WriteAllText(Path.Combine(prefix, "status", "node.json"), json);
                break;
            case "hostroot":
                runner.HostRoot = Path.Combine(runner.WorkDir, parts[1]);
                runner.SearchPath = Path.Combine(runner.HostRoot, "bin");
                break;
            default:
                throw new InvalidOperationException($"unknown transcript directive: {directive}");
        }
    }

    /// <summary>The id of a process that has exited (and been reaped), so it is certainly not running.</summary>
    private static async Task<int> DeadPidAsync()
    {
        using var p = System.Diagnostics.Process.Start("true")!;
        await p.WaitForExitAsync();
        return p.Id;
    }

    public static string Normalize(string text, CtlRunner runner)
    {
        text = text.Replace(runner.WorkDir, "$WORK", StringComparison.Ordinal);
        text = Uid().Replace(text, "${1}<uid>");
        text = Timestamp().Replace(text, "${1}<time>${2}");
        text = Revision().Replace(text, "${1}<rv>${2}");
        text = Guid().Replace(text, "${1}<guid>${2}");
        text = Commit().Replace(text, "Git commit:        <commit>");
        text = DiagsTemp().Replace(text, "<tmp>");
        return text;
    }

    public static string[] Split(string commandLine)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        var any = false;
        foreach (var c in commandLine)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                any = true;
            }
            else if (c == ' ')
            {
                if (current.Length > 0 || any)
                {
                    args.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0 || any)
        {
            args.Add(current.ToString());
        }

        return [.. args];
    }

    [GeneratedRegex("""("?uid"?: "?)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}""")]
    private static partial Regex Uid();

    [GeneratedRegex("""("?creationTimestamp"?: ")[^"]+(")""")]
    private static partial Regex Timestamp();

    [GeneratedRegex("""("?resourceVersion"?: ")[^"]+(")""")]
    private static partial Regex Revision();

    [GeneratedRegex("""("?clusterGUID"?: "?)[0-9a-f]{32}("?)""")]
    private static partial Regex Guid();

    [GeneratedRegex("Git commit: +\\S+")]
    private static partial Regex Commit();

    [GeneratedRegex("/tmp/calico-diags-[A-Za-z0-9]+")]
    private static partial Regex DiagsTemp();
}
