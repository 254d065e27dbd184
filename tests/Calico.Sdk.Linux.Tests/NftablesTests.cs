using Calico.TestSupport;
using Xunit;

namespace Calico.Sdk.Linux.Tests;

public sealed class NftablesTests
{
    [Fact]
    public async Task Libnftables_runs_transactions_inside_the_namespace_and_reports_errors()
    {
        Requires.Program("nft"); // the nftables package ships libnftables.so.1 with the CLI
        Assert.True(Nftables.IsAvailable);
        using var s = Sandbox.Create();
        var ct = TestContext.Current.CancellationToken;
        using var nft = Nftables.Open(s.Namespace);
        nft.Run("""
            add table inet calico_lib
            add set inet calico_lib pods { type ipv4_addr; flags interval; }
            add element inet calico_lib pods { 10.65.0.0/16, 10.66.1.5 }
            add chain inet calico_lib input { type filter hook input priority 0; policy accept; }
            add rule inet calico_lib input ip saddr @pods counter accept
            """);

        // The CLI, run in the same namespace, sees what the library committed; the host does not.
        var cli = await SystemProgram.RunAsync("nft", ["list", "set", "inet", "calico_lib", "pods"], new SystemProgramOptions { Namespace = s.Namespace }, ct);
        Assert.Contains("10.66.1.5", cli.StandardOutput, StringComparison.Ordinal);
        var host = await SystemProgram.RunAsync("nft", ["list", "tables"], null, ct);
        Assert.DoesNotContain("calico_lib", host.StandardOutput, StringComparison.Ordinal);

        var listed = await Task.Run(() => nft.RunAsync("list table inet calico_lib", ct), ct);
        Assert.Contains("ip saddr @pods", listed, StringComparison.Ordinal);

        // A failing batch is a transaction: the valid first line is not applied either.
        var error = Assert.Throws<NftablesException>(() => nft.Run("add element inet calico_lib pods { 10.67.0.1 }\nadd element inet calico_lib nosuchset { 10.67.0.2 }"));
        Assert.Contains("No such file or directory", error.Errors, StringComparison.Ordinal);
        Assert.Contains(s.Namespace.ToString(), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("10.67.0.1", nft.Run("list set inet calico_lib pods"), StringComparison.Ordinal);
    }
}
