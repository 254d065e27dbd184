namespace Calico.Cni.Plugin;

/// <summary>
/// Wakes a waiter when one file is created, written or renamed into place (inotify through
/// <see cref="FileSystemWatcher"/>), so ADD notices the agent's status file within microseconds instead of at the next
/// poll. Capture <see cref="Next"/> before reading the file, then wait on it: a change between the read and the wait
/// is not missed.
/// </summary>
internal sealed class FileChangeSignal : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private TaskCompletionSource _signal = New();

    private FileChangeSignal(string directory, string name)
    {
        _watcher = new FileSystemWatcher(directory, name)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            IncludeSubdirectories = false,
        };
        _watcher.Created += (_, _) => Raise();
        _watcher.Changed += (_, _) => Raise();
        _watcher.Renamed += (_, _) => Raise();
        _watcher.Error += (_, _) => Raise(); // overflow: read again
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Completes at the next change after it was read.</summary>
    public Task Next => Volatile.Read(ref _signal).Task;

    /// <summary>A signal for <paramref name="file"/>, or null when its directory does not exist yet (the caller polls).</summary>
    public static FileChangeSignal? TryWatch(string file)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        try
        {
            return Directory.Exists(directory) ? new FileChangeSignal(directory, Path.GetFileName(file)) : null;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return null; // removed meanwhile, or no inotify instance left: polling still works
        }
    }

    public void Dispose() => _watcher.Dispose();

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Raise() => Interlocked.Exchange(ref _signal, New()).TrySetResult();
}
