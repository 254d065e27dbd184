namespace Calico.Datastore.Tests.Sqlite;

/// <summary>Lets synchronous tests dispose an async-disposable store.</summary>
internal static class AsyncDisposableExtensions
{
    public static IDisposable AsDisposable(this IAsyncDisposable value) => new Sync(value);

    private sealed class Sync(IAsyncDisposable value) : IDisposable
    {
        public void Dispose() => value.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
