using System.Text;
using Calico.Sdk.Linux.Interop;

namespace Calico.Sdk.Linux;

/// <summary>
/// Reads and writes kernel parameters under <c>/proc/sys</c> (<c>sysctl -w</c>). Network parameters are per
/// namespace: with a <see cref="NetworkNamespace"/> the file is opened on a thread inside it, which is what makes
/// <c>/proc/sys/net/...</c> resolve to that namespace. Keys use dots (<c>net.ipv4.ip_forward</c>) or slashes
/// (<c>net/ipv4/conf/eth0.100/rp_filter</c>, needed when an interface name contains a dot).
/// </summary>
public static class Sysctl
{
    private const string Root = "/proc/sys/";

    /// <summary>Reads a value, trimmed of its trailing newline.</summary>
    /// <param name="key">The key, e.g. <c>net.ipv4.conf.all.rp_filter</c>.</param>
    /// <param name="ns">The namespace, or null for the calling thread's.</param>
    /// <returns>The value.</returns>
    /// <exception cref="LinuxSystemException">The key does not exist (ENOENT) or cannot be read.</exception>
    public static string Read(string key, NetworkNamespace? ns = null)
    {
        var path = PathOf(key);
        return ns is null ? ReadFile(path, key) : ns.Run(() => ReadFile(path, key + " in " + ns));
    }

    /// <summary>Writes a value (<c>sysctl -w key=value</c>).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, e.g. <c>1</c>.</param>
    /// <param name="ns">The namespace, or null for the calling thread's.</param>
    /// <exception cref="LinuxSystemException">The key does not exist or the kernel rejected the value (EINVAL).</exception>
    public static void Write(string key, string value, NetworkNamespace? ns = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        Write([new KeyValuePair<string, string>(key, value)], ns);
    }

    /// <summary>Writes several values in order, all on one namespace thread; stops at the first failure.</summary>
    /// <param name="values">Key/value pairs.</param>
    /// <param name="ns">The namespace, or null for the calling thread's.</param>
    public static void Write(IEnumerable<KeyValuePair<string, string>> values, NetworkNamespace? ns = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var items = values.Select(pair => (Path: PathOf(pair.Key), pair.Key, pair.Value)).ToList();
        void WriteAll()
        {
            foreach (var (path, key, value) in items)
            {
                WriteFile(path, ns is null ? key : key + " in " + ns, value);
            }
        }

        if (ns is null)
        {
            WriteAll();
        }
        else
        {
            ns.Run(WriteAll);
        }
    }

    /// <summary>Maps a key to its /proc/sys path, rejecting anything that could escape it.</summary>
    internal static string PathOf(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var relative = key.Contains('/', StringComparison.Ordinal) ? key.Trim('/') : key.Replace('.', '/');
        foreach (var segment in relative.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or ".." || segment.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            {
                throw new ArgumentException($"Invalid sysctl key '{key}': empty, '.', '..' or whitespace segment.", nameof(key));
            }
        }

        return Root + relative;
    }

    private static unsafe string ReadFile(string path, string key)
    {
        var fd = LibC.Open(path, Constants.O_RDONLY | Constants.O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw Errno.LastException("read sysctl", key);
        }

        try
        {
            var buffer = new byte[4096];
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                nint read;
                fixed (byte* pointer = &buffer[total])
                {
                    read = LibC.Read(fd, pointer, (nuint)(buffer.Length - total));
                }

                if (read < 0)
                {
                    throw Errno.LastException("read sysctl", key);
                }

                if (read == 0)
                {
                    return Encoding.UTF8.GetString(buffer, 0, total).TrimEnd('\n');
                }

                total += (int)read;
            }
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    private static unsafe void WriteFile(string path, string key, string value)
    {
        var fd = LibC.Open(path, LibC.O_WRONLY | Constants.O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw Errno.LastException("write sysctl", key);
        }

        try
        {
            // One write() with the whole value: procfs parses each write separately.
            var bytes = Encoding.UTF8.GetBytes(value + "\n");
            fixed (byte* pointer = bytes)
            {
                if (LibC.Write(fd, pointer, (nuint)bytes.Length) < 0)
                {
                    throw Errno.LastException("write sysctl", key + " = '" + value + "'");
                }
            }
        }
        finally
        {
            LibC.Close(fd);
        }
    }
}
