namespace Calico.Conformance;

/// <summary>
/// Conformance runner: <c>Calico.Conformance &lt;command&gt; [options]</c>. Each command scores the SDK against a
/// vectors file and ends with <c>N passed, M failed</c>; exit code 0 = all passed, 1 = failures, 2 = bad usage.
/// </summary>
internal static class Program
{
    // A new command (e.g. "netpol") is one IConformanceCommand class in its own folder plus one entry here.
    private static readonly IConformanceCommand[] Commands =
    [
        new Selectors.SelectorsCommand(),
        new Netpol.NetpolCommand(),
    ];

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            var writer = args.Length == 0 ? Console.Error : Console.Out;
            PrintUsage(writer);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }

        var command = Array.Find(Commands, c => string.Equals(c.Name, args[0], StringComparison.Ordinal));
        if (command is null)
        {
            Console.Error.WriteLine($"unknown command '{args[0]}'");
            PrintUsage(Console.Error);
            return ExitCodes.Usage;
        }

        return command.Run(args[1..], Console.Out, Console.Error);
    }

    private static void PrintUsage(TextWriter writer)
    {
        writer.WriteLine("usage: Calico.Conformance <command> [options]");
        writer.WriteLine("commands:");
        foreach (var command in Commands)
        {
            writer.WriteLine($"  {command.Usage}");
            writer.WriteLine($"      {command.Summary}");
        }
    }
}
