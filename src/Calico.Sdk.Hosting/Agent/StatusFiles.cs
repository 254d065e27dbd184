using System.Text.Json;
using Calico.Sdk.Serialization;
using Calico.Sdk.Status;

namespace Calico.Sdk.Hosting.Agent;

/// <summary>
/// Writes the status contract's files: atomically (temp file, rename), directories 0700, files 0600. Not fsynced: a
/// status file reports kernel state (routes, policy) that a reboot erases anyway, so making it outlive a power loss
/// would only keep a stale "up" (Calico keeps it under /var/run, a tmpfs); readers need only the rename's atomicity.
/// The fsync cost ~1 ms of every CNI ADD's wait on a disk-backed run directory.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class StatusFiles
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _prefix;

    public StatusFiles(string prefix) => _prefix = prefix;

    public void WriteNode(NodeAgentStatus status) =>
        WriteAtomic(StatusPaths.NodeStatusFile(_prefix), JsonSerializer.SerializeToUtf8Bytes(status, StatusJsonContext.Default.NodeAgentStatus));

    public void WriteEndpoint(EndpointStatus status) =>
        WriteAtomic(StatusPaths.EndpointStatusFile(_prefix, status.Namespace, status.Name), JsonSerializer.SerializeToUtf8Bytes(status, StatusJsonContext.Default.EndpointStatus));

    public void DeleteEndpoint(string @namespace, string name) => File.Delete(StatusPaths.EndpointStatusFile(_prefix, @namespace, name));

    /// <summary>Endpoint status files present on disk, as (namespace, name).</summary>
    public IEnumerable<(string Namespace, string Name)> ListEndpoints()
    {
        var dir = StatusPaths.EndpointStatusDirectory(_prefix);
        if (!Directory.Exists(dir))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(dir))
        {
            var name = Path.GetFileName(file);
            var sep = name.IndexOf('_', StringComparison.Ordinal);
            if (sep > 0 && !name.StartsWith('.'))
            {
                yield return (name[..sep], name[(sep + 1)..]);
            }
        }
    }

    public static void WriteAtomic(string path, ReadOnlySpan<byte> content)
    {
        var dir = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(dir, DirectoryMode);
        var temp = Path.Combine(dir, "." + Path.GetFileName(path) + ".tmp");
        using (var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = FilePermissions }))
        {
            stream.Write(content);
        }

        File.Move(temp, path, overwrite: true);
    }
}
