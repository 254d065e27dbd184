using Calico.Sdk.Linux;
using Xunit;

namespace Calico.Sdk.Linux.Tests;

public sealed class SystemProgramInputTests
{
    // 1 MiB: far more than a pipe holds, so the write is still going when the program exits without reading it.
    private static readonly string LargeInput = new('x', 1 << 20);

    [Fact]
    public async Task A_program_that_exits_without_reading_its_input_is_judged_by_its_exit_code()
    {
        var result = await SystemProgram.RunAsync("true", [], new SystemProgramOptions { StandardInput = LargeInput }, TestContext.Current.CancellationToken);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_failing_program_that_ignores_its_input_still_fails_with_its_exit_code()
    {
        var error = await Assert.ThrowsAsync<SystemProgramException>(() =>
            SystemProgram.RunAsync("sh", ["-c", "echo refused >&2; exit 3"], new SystemProgramOptions { StandardInput = LargeInput }, TestContext.Current.CancellationToken));
        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Equal("refused\n", error.Result?.StandardError);
    }
}
