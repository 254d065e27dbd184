using Calico.TestSupport;
using Xunit;

namespace Calico.Ctl.Tests;

/// <summary>Every golden transcript, replayed against a fresh embedded SQLite datastore.</summary>
public sealed class GoldenTranscriptTests
{
    public static TheoryData<string> All() => [.. Transcript.Names()];

    [Theory]
    [MemberData(nameof(All))]
    public async Task Transcript_matches_on_sqlite(string name)
    {
        var work = Workspace.Create();
        try
        {
            var runner = new CtlRunner(work, new Dictionary<string, string>
            {
                ["SQLITE_PATH"] = Path.Combine(work, "calico.db"),
                ["FELIX_ENDPOINTSTATUSPATHPREFIX"] = Path.Combine(work, "run"),
            });
            var (expected, actual) = await Transcript.ReplayAsync(name, runner);
            Assert.Equal(expected, actual);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}

/// <summary>A temporary working directory holding a copy of tests/data/calicoctl (the transcripts' input files).</summary>
internal static class Workspace
{
    public static string Create()
    {
        var work = Directory.CreateTempSubdirectory("calicoctl-test-").FullName;
        var data = RepoPaths.TestData("calicoctl");
        foreach (var file in Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(work, Path.GetRelativePath(data, file));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }

        return work;
    }
}
