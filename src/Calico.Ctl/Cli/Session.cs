using Calico.Ctl.Config;
using Calico.Sdk.Datastore;

namespace Calico.Ctl.Cli;

/// <summary>One command's connection to the datastore, opened lazily from <c>--config</c> or the environment.</summary>
internal sealed class Session : IAsyncDisposable
{
    private readonly CtlContext _ctx;
    private readonly string? _configPath;
    private DatastoreOptions? _options;
    private IDatastore? _store;

    public Session(CtlContext ctx, ParsedArgs args)
    {
        _ctx = ctx;
        _configPath = args.Get("config");
    }

    public DatastoreOptions Options => _options ??= ClientConfig.Load(_ctx, _configPath);

    public IDatastore Store => _store ??= ClientConfig.Open(Options);

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }
    }
}
