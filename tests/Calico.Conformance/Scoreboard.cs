using System.Text.Encodings.Web;
using System.Text.Json;

namespace Calico.Conformance;

/// <summary>Counts results, prints each failure as it happens and the closing <c>N passed, M failed</c> line.</summary>
internal sealed class Scoreboard(TextWriter output)
{
    public int Passed { get; private set; }

    public int Failed { get; private set; }

    /// <summary>Quotes a string as JSON, leaving non-ASCII text readable.</summary>
    /// <param name="value">The string.</param>
    /// <returns>The quoted string.</returns>
    public static string Quote(string value) =>
        "\"" + JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString() + "\"";

    public void Pass() => Passed++;

    /// <summary>Records and prints one failure.</summary>
    /// <param name="where">The list and index, e.g. <c>cases[3]</c>.</param>
    /// <param name="details">Lines naming the input, the expected and the actual result.</param>
    public void Fail(string where, params string[] details)
    {
        Failed++;
        output.WriteLine($"FAIL {where}");
        foreach (var line in details)
        {
            output.WriteLine($"    {line}");
        }
    }

    /// <summary>Prints the closing line and returns the exit code.</summary>
    /// <returns>0 when nothing failed, otherwise 1.</returns>
    public int Finish()
    {
        output.WriteLine($"{Passed} passed, {Failed} failed");
        return Failed == 0 ? ExitCodes.Success : ExitCodes.Failures;
    }
}
