using Xunit;

namespace Calico.TestSupport;

/// <summary>
/// Skips a test with a reason the test command understands. Under <c>CI=true</c> the test command counts every
/// skip as a failure except those whose reason starts with <see cref="MissingKernelFeaturePrefix"/> followed by one
/// of the features this machine is known to lack (ipip, wireguard, geneve, sctp-sockets, dummy).
/// </summary>
public static class Requires
{
    /// <summary>The prefix of a skip reason that names a missing kernel feature.</summary>
    public const string MissingKernelFeaturePrefix = "kernel feature missing: ";

    /// <summary>Whether the process runs as root (uid 0).</summary>
    public static bool IsRoot => Environment.UserName == "root" || GetUid() == 0;

    /// <summary>Skips unless running as root.</summary>
    public static void Root()
    {
        if (!IsRoot)
        {
            Assert.Skip("requires root (network namespaces, netlink writes)");
        }
    }

    /// <summary>Skips when a kernel feature is missing, with a reason CI accepts for known-missing features.</summary>
    /// <param name="feature">Short feature name: ipip, wireguard, geneve, sctp-sockets, dummy, ...</param>
    /// <param name="present">Whether the running kernel has it.</param>
    /// <param name="detail">How absence was detected (e.g. the errno).</param>
    public static void KernelFeature(string feature, bool present, string detail = "")
    {
        if (!present)
        {
            Assert.Skip(MissingKernelFeaturePrefix + feature + (detail.Length > 0 ? " (" + detail + ")" : string.Empty));
        }
    }

    /// <summary>Skips unless an executable is on PATH.</summary>
    /// <param name="program">The program name, e.g. <c>etcd</c>.</param>
    /// <returns>The full path of the program.</returns>
    public static string Program(string program)
    {
        var path = FindOnPath(program);
        if (path is null)
        {
            Assert.Skip($"requires '{program}' on PATH (./build.sh test installs it)");
        }

        return path!;
    }

    /// <summary>Finds an executable on PATH (also /usr/sbin and /sbin).</summary>
    /// <param name="program">The program name.</param>
    /// <returns>The full path, or null.</returns>
    public static string? FindOnPath(string program)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/local/sbin"]);
        foreach (var dir in dirs)
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static uint GetUid()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    var parts = line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                    return uint.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return uint.MaxValue;
    }
}
