using Calico.Sdk.Resources;

namespace Calico.Routing.Bgp.Config;

/// <summary>
/// Resolves a BGP password reference (<c>secretKeyRef {name, key}</c>) to its value: the file
/// <c>&lt;directory&gt;/&lt;name&gt;/&lt;key&gt;</c> (as a mounted Kubernetes Secret), which must not be readable by group
/// or others, or else the environment variable <c>CALICO_BGP_PASSWORD_&lt;NAME&gt;_&lt;KEY&gt;</c>. Errors name the
/// reference, never the value.
/// </summary>
internal sealed class SecretResolver(string directory)
{
    public string Resolve(SecretKeySelector reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var name = reference.Name ?? throw new InvalidOperationException("BGP password secretKeyRef has no name");
        var key = reference.Key ?? throw new InvalidOperationException("BGP password secretKeyRef '" + name + "' has no key");
        if (name.Contains('/', StringComparison.Ordinal) || key.Contains('/', StringComparison.Ordinal) || name.StartsWith('.') || key.StartsWith('.'))
        {
            throw new InvalidOperationException("BGP password secretKeyRef '" + name + "/" + key + "' is not a plain name");
        }

        var path = Path.Combine(directory, name, key);
        if (File.Exists(path) && !OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                throw new InvalidOperationException("BGP password file " + path + " is readable or writable by group or others (mode must be 0600 or 0400)");
            }

            return File.ReadAllText(path).TrimEnd('\r', '\n');
        }

        var variable = "CALICO_BGP_PASSWORD_" + Normalise(name) + "_" + Normalise(key);
        return Environment.GetEnvironmentVariable(variable)
            ?? throw new InvalidOperationException("BGP password secretKeyRef '" + name + "/" + key + "': neither " + path + " nor $" + variable + " exists");
    }

    private static string Normalise(string text) => new([.. text.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
}
