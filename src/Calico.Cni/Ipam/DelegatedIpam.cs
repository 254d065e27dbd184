using System.Diagnostics;
using System.Text.Json;
using Calico.Cni.Cni;
using Calico.Cni.Config;

namespace Calico.Cni.Ipam;

/// <summary>
/// Standard CNI IPAM delegation (e.g. <c>host-local</c>): the plugin named by <c>ipam.type</c> — a bare name, looked up
/// only in CNI_PATH — runs with the same environment and configuration, CNI_COMMAND set to the operation.
/// </summary>
internal sealed class DelegatedIpam(CniEnvironment env, NetConf conf) : IIpamDriver
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public async Task<IReadOnlyList<CniIp>> AddAsync(CancellationToken cancellationToken)
    {
        var output = await ExecAsync("ADD", conf.Raw, cancellationToken).ConfigureAwait(false);
        using var doc = Parse(output);
        var ips = CniJson.ReadIps(doc.RootElement, "ipam plugin '" + conf.Ipam.Type + "'");
        return ips.Count > 0 ? ips : throw new CniException(CniCodes.IpamExhausted, $"ipam plugin '{conf.Ipam.Type}' returned no addresses");
    }

    public Task DelAsync(CancellationToken cancellationToken) => ExecAsync("DEL", conf.Raw, cancellationToken);

    /// <summary>Forwards GC, but only to a plugin whose VERSION lists 1.1.0 (older plugins do not know GC).</summary>
    public async Task<bool> GcAsync(CancellationToken cancellationToken)
    {
        var answer = await ExecAsync("VERSION", """{"cniVersion":"1.1.0"}"""u8.ToArray(), cancellationToken).ConfigureAwait(false);
        using var doc = Parse(answer);
        var speaks11 = doc.RootElement.TryGetProperty("supportedVersions", out var list) && list.ValueKind == JsonValueKind.Array
            && list.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.String && v.GetString() == "1.1.0");
        if (!speaks11)
        {
            return false;
        }

        await ExecAsync("GC", conf.Raw, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Finds <c>ipam.type</c> in CNI_PATH (the name was checked against [A-Za-z0-9_.-]+ when parsed).</summary>
    public string Resolve()
    {
        foreach (var dir in env.Path)
        {
            var candidate = Path.Combine(dir, conf.Ipam.Type);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new CniException(CniCodes.InvalidConfig, $"ipam plugin '{conf.Ipam.Type}' was not found in CNI_PATH ({string.Join(':', env.Path)})");
    }

    private async Task<string> ExecAsync(string command, byte[] stdin, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Resolve())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Clear();
        foreach (var (k, v) in env.Variables)
        {
            start.Environment[k] = v;
        }

        start.Environment["CNI_COMMAND"] = command;
        using var process = Process.Start(start) ?? throw new CniException(CniCodes.DelegateFailed, $"ipam plugin '{conf.Ipam.Type}' did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardInput.BaseStream.WriteAsync(stdin, timeout.Token).ConfigureAwait(false);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new CniException(CniCodes.DelegateFailed, $"ipam plugin '{conf.Ipam.Type}' {command} did not finish within {Timeout.TotalSeconds:0} s");
        }

        var output = await stdout.ConfigureAwait(false);
        if (process.ExitCode == 0)
        {
            return output;
        }

        var error = (await stderr.ConfigureAwait(false)).Trim();
        throw FromErrorResult(command, output, error);
    }

    private CniException FromErrorResult(string command, string output, string stderr)
    {
        try
        {
            using var doc = JsonDocument.Parse(output);
            var root = doc.RootElement;
            if (root.TryGetProperty("code", out var c) && c.TryGetInt32(out var code) && root.TryGetProperty("msg", out var m))
            {
                var details = root.TryGetProperty("details", out var d) ? d.GetString() : null;
                return new CniException(code, $"ipam plugin '{conf.Ipam.Type}' {command}: {m.GetString()}", details);
            }
        }
        catch (JsonException)
        {
            // Not a CNI error object: report the raw output below.
        }

        return new CniException(CniCodes.DelegateFailed, $"ipam plugin '{conf.Ipam.Type}' {command} failed: {(stderr.Length > 0 ? stderr : output)}");
    }

    private JsonDocument Parse(string output)
    {
        try
        {
            return JsonDocument.Parse(output);
        }
        catch (JsonException e)
        {
            throw new CniException(CniCodes.DecodeFailure, $"ipam plugin '{conf.Ipam.Type}' answered invalid JSON: {e.Message}");
        }
    }
}
