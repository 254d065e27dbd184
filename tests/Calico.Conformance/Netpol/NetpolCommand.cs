namespace Calico.Conformance.Netpol;

/// <summary>
/// <c>netpol --cases DIR --mode model|kernel|both [--dataplane nftables|iptables]</c>: replays every case file of a
/// folder and scores each probe against the expectation. Model mode asks the policy evaluator.
/// </summary>
internal sealed class NetpolCommand : IConformanceCommand
{
    public string Name => "netpol";

    public string Usage => "netpol --cases DIR [--mode model|kernel|both] [--dataplane nftables|iptables]";

    public string Summary => "replays NetworkPolicy/Calico policy cases (tests/data/netpol format) and scores every probe";

    public int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? cases = null;
        var mode = "model";
        string? dataplane = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--cases" when value is not null:
                    cases = value;
                    i++;
                    break;
                case "--mode" when value is not null:
                    mode = value;
                    i++;
                    break;
                case "--dataplane" when value is not null:
                    dataplane = value;
                    i++;
                    break;
                default:
                    error.WriteLine($"netpol: unexpected argument '{args[i]}'");
                    error.WriteLine("usage: " + Usage);
                    return ExitCodes.Usage;
            }
        }

        if (cases is null)
        {
            error.WriteLine("netpol: --cases DIR is required");
            error.WriteLine("usage: " + Usage);
            return ExitCodes.Usage;
        }

        if (mode is not ("model" or "kernel" or "both"))
        {
            error.WriteLine($"netpol: --mode '{mode}' is not model, kernel or both");
            return ExitCodes.Usage;
        }

        if (dataplane is not (null or "nftables" or "iptables"))
        {
            error.WriteLine($"netpol: --dataplane '{dataplane}' is not nftables or iptables");
            return ExitCodes.Usage;
        }

        NetpolKernel.DataplaneFactory.Name = dataplane ?? "nftables";

        List<NetpolCase> all;
        try
        {
            all = NetpolCaseReader.ReadFolder(cases);
        }
        catch (InvalidDataException e)
        {
            error.WriteLine("netpol: " + e.Message);
            return ExitCodes.Usage;
        }

        var board = new Scoreboard(output);
        try
        {
            foreach (var scenario in Scenarios(all))
            {
                if (mode == "model")
                {
                    new ModelReplay(output, board).Run(scenario);
                }
                else
                {
                    new NetpolKernel.KernelReplay(output, board, alsoModel: mode == "both").Run(scenario);
                }
            }
        }
        catch (InvalidDataException e)
        {
            error.WriteLine("netpol: " + e.Message);
            return ExitCodes.Usage;
        }

        return board.Finish();
    }

    private static IEnumerable<List<NetpolCase>> Scenarios(List<NetpolCase> all)
    {
        foreach (var group in all.GroupBy(c => c.Scenario, StringComparer.Ordinal))
        {
            var steps = group.OrderBy(c => c.Step).ToList();
            for (var i = 0; i < steps.Count; i++)
            {
                if (steps[i].Step != i + 1 || steps[i].StepCount != steps.Count)
                {
                    throw new InvalidDataException(
                        $"{steps[i].File}: step: scenario {group.Key} has steps {string.Join(",", steps.Select(s => s.Step))} of {steps[0].StepCount}; expected 1..{steps[0].StepCount}");
                }
            }

            yield return steps;
        }
    }
}
