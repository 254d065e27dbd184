using System.Collections;
using System.Text.Json;
using Calico.Cni.Cni;
using Calico.Cni.Config;
using Calico.Cni.Diagnostics;
using Calico.Cni.Ipam;
using Calico.Cni.Plugin;
using Calico.Sdk.Datastore;
using Calico.Sdk.Ipam;
using Calico.Sdk.Linux;

namespace Calico.Cni;

/// <summary>
/// One CNI invocation: reads the environment and stdin, runs the command, writes the result or the error object to
/// stdout and returns the exit code. Stdin is never logged: it may hold credentials of other plugins in a chain.
/// </summary>
internal static class CniRunner
{
    public static int Run(bool ipamMode, IDictionary environment, Stream stdin, Stream stdout, TextWriter stderr)
    {
        var version = CniVersions.Latest;
        var command = "?";
        try
        {
            var env = CniEnvironment.From(environment);
            command = env.Command;
            Prewarm.Start(command);

            var raw = ReadAll(stdin);
            PhaseTrace.Mark("input");
            if (env.Command == "VERSION")
            {
                CniJson.WriteVersion(stdout, RequestedVersion(raw) ?? CniVersions.Latest);
                return 0;
            }

            var conf = NetConfParser.Parse(raw);
            if (CniVersions.IsSupported(conf.CniVersion))
            {
                version = conf.CniVersion;
            }

            CniVersions.RequireFor(env.Command, conf.CniVersion);
            PhaseTrace.Mark("config");
            var invocation = new Invocation(env, conf, stdout);
            var task = ipamMode ? IpamPlugin.RunAsync(invocation) : CalicoPlugin.RunAsync(invocation);
            task.GetAwaiter().GetResult();
            return 0;
        }
        catch (Exception error)
        {
            var cni = Translate(error);
            CniJson.WriteError(stdout, version, cni);
            stderr.WriteLine($"calico{(ipamMode ? "-ipam" : string.Empty)}: error {cni.Code}: {cni.Message}");
            return 1;
        }
        finally
        {
            PhaseTrace.Mark("done");
            PhaseTrace.Write(stderr, command);
        }
    }

    /// <summary>Maps SDK exceptions to the spec's codes: an unreachable datastore or a busy lock is "try again later".</summary>
    internal static CniException Translate(Exception error) => error switch
    {
        CniException c => c,
        DatastoreUnavailableException or DatastoreOutcomeUnknownException =>
            new CniException(CniCodes.TryAgainLater, "the Calico datastore is unavailable: " + error.Message, null, error),
        TimeoutException => new CniException(CniCodes.TryAgainLater, error.Message, null, error),
        IpamExhaustedException => new CniException(CniCodes.IpamExhausted, error.Message, null, error),
        DatastoreException => new CniException(CniCodes.DatastoreError, error.Message, null, error),
        NetlinkException or LinuxSystemException => new CniException(CniCodes.KernelError, error.Message, null, error),
        IOException => new CniException(CniCodes.IoFailure, error.Message, null, error),
        _ => new CniException(CniCodes.Unexpected, error.GetType().Name + ": " + error.Message, null, error),
    };

    private static string? RequestedVersion(byte[] raw)
    {
        try
        {
            using var doc = JsonDocument.Parse(raw);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("cniVersion", out var v)
                && v.ValueKind == JsonValueKind.String && CniVersions.IsSupported(v.GetString()!) ? v.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads stdin to its end: a network configuration is a few KB, so a small buffer that grows when needed
    /// (Stream.CopyTo would rent an 80 KB buffer, fresh pages to fault in for every invocation).</summary>
    private static byte[] ReadAll(Stream stdin)
    {
        var buffer = new byte[4096];
        var length = 0;
        int read;
        while ((read = stdin.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }

        return buffer.AsSpan(0, length).ToArray();
    }
}
