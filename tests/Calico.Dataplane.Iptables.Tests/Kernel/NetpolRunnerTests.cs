using System.Globalization;
using System.Text.RegularExpressions;
using Calico.Sdk.Linux;
using Calico.TestSupport;
using Xunit;

namespace Calico.Dataplane.Iptables.Tests.Kernel;

/// <summary>The conformance runner's kernel mode on the iptables dataplane (both backends), as part of the test suite.</summary>
public sealed partial class NetpolRunnerTests
{
    [Theory]
    [InlineData("NFT")]
    [InlineData("Legacy")]
    public async Task Every_shared_probe_agrees_in_kernel_model_and_expectation(string backend)
    {
        Requires.Root();
        var configuration = AppContext.BaseDirectory.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var runner = Path.Combine(RepoPaths.Root, "tests", "Calico.Conformance", "bin", configuration, "net10.0", "Calico.Conformance.dll");
        Assert.True(File.Exists(runner), $"{runner} was not built");
        var result = await SystemProgram.RunAsync(
            "dotnet",
            [runner, "netpol", "--cases", RepoPaths.TestData(Path.Combine("netpol", "shared")), "--mode", "both", "--dataplane", "iptables"],
            new SystemProgramOptions
            {
                Timeout = TimeSpan.FromMinutes(5),
                SuccessExitCodes = [0, 1, 2],
                Environment = new Dictionary<string, string> { ["FELIX_IPTABLESBACKEND"] = backend },
            },
            TestContext.Current.CancellationToken);
        var summary = Summary().Match(result.StandardOutput);
        Assert.True(summary.Success, "no summary line: " + result.StandardOutput + result.StandardError);
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal("0", summary.Groups[2].Value);
        Assert.True(int.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture) > 1000);
    }

    [GeneratedRegex(@"^(\d+) passed, (\d+) failed$", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
