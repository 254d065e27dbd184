using System.Collections.Concurrent;
using System.Diagnostics;
using Calico.Datastore.Etcd;
using Microsoft.Extensions.Logging;

namespace Calico.Datastore.Tests.Etcd;

/// <summary>Keeps every log entry of the store with the time it was written, to time what the store noticed.</summary>
internal sealed class CapturingLogger : ILogger<EtcdDatastore>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public ConcurrentQueue<(TimeSpan At, LogLevel Level, string Message)> Entries { get; } = new();

    public TimeSpan Now => _clock.Elapsed;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Entries.Enqueue((_clock.Elapsed, logLevel, formatter(state, exception)));
    }

    public TimeSpan? FirstAfter(TimeSpan since, string contains) =>
        Entries.Where(e => e.At >= since && e.Message.Contains(contains, StringComparison.Ordinal)).Select(e => (TimeSpan?)e.At).FirstOrDefault();
}
