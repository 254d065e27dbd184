namespace Calico.Datastore.Tests.Sqlite;

/// <summary>A temporary directory for database files, deleted on dispose.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "calico-ds-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string Path => System.IO.Path.Combine(Directory, "calico.db");

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold the file for a moment; the OS temp cleaner takes it later.
        }
    }
}
