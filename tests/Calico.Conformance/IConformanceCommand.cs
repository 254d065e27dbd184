namespace Calico.Conformance;

/// <summary>One sub-command of the conformance runner.</summary>
internal interface IConformanceCommand
{
    /// <summary>The word that selects the command, e.g. <c>selectors</c>.</summary>
    string Name { get; }

    /// <summary>The command line synopsis, e.g. <c>selectors --vectors FILE</c>.</summary>
    string Usage { get; }

    /// <summary>One line saying what the command checks.</summary>
    string Summary { get; }

    /// <summary>Runs the command.</summary>
    /// <param name="args">The arguments after the command name.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where usage and input errors go.</param>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    int Run(string[] args, TextWriter output, TextWriter error);
}
