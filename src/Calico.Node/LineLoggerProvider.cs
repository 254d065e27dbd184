using Microsoft.Extensions.Logging;

namespace Calico.Node;

/// <summary>
/// calico-node's console log: one line per entry, <c>yyyy-MM-dd HH:mm:ss.fff level: category[event] message</c>, written
/// synchronously to standard output (warnings and errors to standard error). It replaces the console logger of
/// Microsoft.Extensions.Logging.Console, whose options binding (configuration binder, type converters) and queue
/// thread cost the agent resident memory for nothing it needs: the agent logs a few lines a minute.
/// </summary>
internal sealed class LineLoggerProvider(TimeProvider time, LogLevel minimum) : ILoggerProvider
{
    private readonly Lock _write = new();

    public LogLevel Minimum { get; } = minimum;

    public ILogger CreateLogger(string categoryName) => new LineLogger(this, categoryName);

    public void Dispose()
    {
        // Nothing buffered: every entry is written when it is logged.
    }

    private void Write(LogLevel level, string category, EventId id, string message, Exception? exception)
    {
        var line = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{time.GetLocalNow():yyyy-MM-dd HH:mm:ss.fff} {Label(level)}: {category}[{id.Id}] {message}{(exception is null ? string.Empty : " " + exception)}");
        lock (_write)
        {
            (level >= LogLevel.Warning ? Console.Error : Console.Out).WriteLine(line);
        }
    }

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class LineLogger(LineLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= provider.Minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, category, eventId, formatter(state, exception), exception);
            }
        }
    }
}
