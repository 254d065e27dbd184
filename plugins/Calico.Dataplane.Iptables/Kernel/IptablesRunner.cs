using Calico.Sdk.Dataplane;
using Calico.Sdk.Linux;

namespace Calico.Dataplane.Iptables.Kernel;

/// <summary>Runs one backend's <c>iptables-restore</c>/<c>iptables-save</c> (and the ip6tables twins) on our tables.</summary>
internal sealed class IptablesRunner(IptablesDataplaneOptions options, IptablesBackend backend)
{
    /// <summary>The backend (never Auto).</summary>
    public IptablesBackend Backend { get; } = backend == IptablesBackend.Auto
        ? throw new ArgumentException("resolve Auto before creating a runner", nameof(backend))
        : backend;

    /// <summary>Resolves <see cref="IptablesBackend.Auto"/> like Felix: legacy when the legacy tables hold more rules than nf_tables.</summary>
    public static async Task<IptablesBackend> DetectAsync(IptablesDataplaneOptions options, CancellationToken cancellationToken)
    {
        if (options.Backend != IptablesBackend.Auto)
        {
            return options.Backend;
        }

        var legacy = await CountRulesAsync(options, "legacy", cancellationToken).ConfigureAwait(false);
        var nft = await CountRulesAsync(options, "nft", cancellationToken).ConfigureAwait(false);
        return legacy > nft ? IptablesBackend.Legacy : IptablesBackend.Nft;
    }

    /// <summary>The program name, e.g. <c>ip6tables-nft-restore</c>.</summary>
    public string Program(int family, string verb) => Program(family, Backend == IptablesBackend.Nft ? "nft" : "legacy", verb);

    /// <summary>Commits one table's restore input atomically (<c>--noflush</c>: only what it names changes).</summary>
    /// <exception cref="DataplaneApplyException">Rejected (nothing in that table changed) or could not be run.</exception>
    public async Task RestoreAsync(int family, string input, CancellationToken cancellationToken)
    {
        var program = Program(family, "restore");
        try
        {
            await SystemProgram.RunAsync(program, ["--noflush", "--wait", "10"], Options(input), cancellationToken).ConfigureAwait(false);
        }
        catch (SystemProgramException e)
        {
            throw new DataplaneApplyException($"{program} on the IPv{family} tables failed; the table it rejected is unchanged: {e.Message}", e);
        }
    }

    /// <summary>
    /// Every table that exists, as <c>iptables-save</c> prints them (empty when none does). Unlike <c>-t TABLE</c>
    /// this never instantiates a legacy table (and its hooks) in the namespace just by looking.
    /// </summary>
    /// <exception cref="DataplaneApplyException">The listing could not be run.</exception>
    public async Task<string> SaveAsync(int family, CancellationToken cancellationToken)
    {
        var program = Program(family, "save");
        try
        {
            var result = await SystemProgram.RunAsync(program, [], Options(null) with { SuccessExitCodes = [0, 1] }, cancellationToken).ConfigureAwait(false);
            return result.ExitCode == 0 ? result.StandardOutput : string.Empty;
        }
        catch (SystemProgramException e)
        {
            throw new DataplaneApplyException($"{program} failed: {e.Message}", e);
        }
    }

    private static string Program(int family, string backend, string verb) => (family == 4 ? "iptables-" : "ip6tables-") + backend + "-" + verb;

    private static async Task<int> CountRulesAsync(IptablesDataplaneOptions options, string backend, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var family in new[] { 4, 6 })
        {
            var result = await SystemProgram.RunAsync(
                Program(family, backend, "save"),
                [],
                new SystemProgramOptions { Namespace = options.Namespace, Timeout = options.CommandTimeout, SuccessExitCodes = [0, 1] },
                cancellationToken).ConfigureAwait(false);
            count += result.StandardOutput.Split('\n').Count(l => l.StartsWith("-A ", StringComparison.Ordinal));
        }

        return count;
    }

    private SystemProgramOptions Options(string? input) => new()
    {
        StandardInput = input,
        Namespace = options.Namespace,
        Timeout = options.CommandTimeout,
    };
}
