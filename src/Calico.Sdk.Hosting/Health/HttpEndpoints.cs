using System.Net;
using System.Text;

namespace Calico.Sdk.Hosting.Health;

/// <summary>
/// Serves <c>/liveness</c>, <c>/readiness</c> (200 or 503, one line per component) and <c>/metrics</c> over plain
/// HTTP with <see cref="HttpListener"/> (no ASP.NET Core: small, AOT-friendly). Health and metrics share one listener
/// when they are configured on the same host and port.
/// </summary>
internal sealed class HttpEndpoints : IAsyncDisposable
{
    private readonly List<HttpListener> _listeners = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly AgentHealth _health;
    private readonly AgentMetrics _metrics;
    private readonly bool _debug;

    public HttpEndpoints(AgentHealth health, AgentMetrics metrics, bool debug = false)
    {
        _health = health;
        _metrics = metrics;
        _debug = debug;
    }

    public void Start(string? healthHost, int healthPort, string? metricsHost, int metricsPort)
    {
        var healthPrefix = healthHost is null ? null : Prefix(healthHost, healthPort);
        var metricsPrefix = metricsHost is null ? null : Prefix(metricsHost, metricsPort);
        if (healthPrefix is not null && healthPrefix == metricsPrefix)
        {
            Listen(healthPrefix, health: true, metrics: true);
            return;
        }

        if (healthPrefix is not null)
        {
            Listen(healthPrefix, health: true, metrics: false);
        }

        if (metricsPrefix is not null)
        {
            Listen(metricsPrefix, health: false, metrics: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var l in _listeners)
        {
            l.Close();
        }

        foreach (var loop in _loops)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
            {
                // Closing the listener ends the accept loop this way.
            }
        }

        _stop.Dispose();
    }

    private static string Prefix(string host, int port)
    {
        var h = host.Length == 0 || host is "0.0.0.0" or "::" ? "*" : host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host;
        return $"http://{h}:{port}/";
    }

    private void Listen(string prefix, bool health, bool metrics)
    {
        var listener = new HttpListener();
        listener.Prefixes.Add(prefix);
        try
        {
            listener.Start();
        }
        catch (HttpListenerException ex)
        {
            listener.Close();
            throw new InvalidOperationException($"cannot serve {(health ? "health " : string.Empty)}{(metrics ? "metrics " : string.Empty)}on {prefix}: {ex.Message}", ex);
        }

        _listeners.Add(listener);
        _loops.Add(Task.Run(() => AcceptLoopAsync(listener, health, metrics)));
    }

    private async Task AcceptLoopAsync(HttpListener listener, bool health, bool metrics)
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                Serve(context, health, metrics);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away; nothing to do.
            }
        }
    }

    private void Serve(HttpListenerContext context, bool health, bool metrics)
    {
        var path = context.Request.Url?.AbsolutePath ?? "/";
        var (status, type, body) = path switch
        {
            "/liveness" when health => Health(_health.Live),
            "/readiness" when health => Health(_health.Ready),
            "/metrics" when metrics => (200, "text/plain; version=0.0.4; charset=utf-8", _metrics.Render()),
            "/debug/gc" when health && _debug => (200, "text/plain; charset=utf-8", CollectGarbage()),
            _ => (404, "text/plain; charset=utf-8", "not found\n"),
        };
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = type;
        context.Response.ContentLength64 = bytes.Length;
        context.Response.OutputStream.Write(bytes);
        context.Response.Close();
    }

    // CALICO_DEBUG_ENDPOINTS=true only: a full, compacting collection, then the resident set (for memory measurements).
    private static string CollectGarbage()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"rss_bytes {Environment.WorkingSet}\nmanaged_bytes {GC.GetTotalMemory(false)}\n");
    }

    private (int, string, string) Health(bool ok)
    {
        var sb = new StringBuilder();
        foreach (var c in _health.Components)
        {
            sb.Append(c.Name).Append(c.Live ? " live" : " dead").Append(c.Ready ? " ready" : " not-ready");
            if (c.Detail is not null)
            {
                sb.Append(": ").Append(c.Detail);
            }

            sb.Append('\n');
        }

        return (ok ? 200 : 503, "text/plain; charset=utf-8", sb.ToString());
    }
}
