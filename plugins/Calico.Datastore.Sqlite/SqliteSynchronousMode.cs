namespace Calico.Datastore.Sqlite;

/// <summary>SQLite's <c>synchronous</c> setting in WAL mode. <c>OFF</c> is deliberately not offered.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>
    /// <c>FULL</c> (the default): the WAL is fsynced at every commit, so an acknowledged write survives power loss.
    /// </summary>
    Full,

    /// <summary>
    /// <c>NORMAL</c>: fsync only at checkpoints. Survives process crashes; the last commits may be lost on power loss
    /// (the file is never corrupted). Faster for bulk loads.
    /// </summary>
    Normal,
}
