using Calico.Ctl.Cli;
using Calico.Sdk.Datastore;
using Calico.Sdk.Ipam;
using Calico.Sdk.Resources;

namespace Calico.Ctl.Commands;

/// <summary><c>ipam show | check | release | split | configure</c>.</summary>
internal static partial class IpamCommand
{
    private const string Usage = """
        Usage:
          calicoctl ipam <command> [<args>...]

            release      Release a Calico assigned IP address.
            show         Show details of a Calico configuration,
                         assigned IP address, or of overall IP usage.
            configure    Configure IPAM
            check        Check the integrity of the IPAM datastructures.
            split        Split an IP pool into smaller IP pools.
        """;

    public static Task<int> RunAsync(CtlContext ctx, string[] args)
    {
        var (sub, rest) = CtlApp.Split(args);
        return sub switch
        {
            "show" => ShowAsync(ctx, rest),
            "check" => CheckAsync(ctx, rest),
            "release" => ReleaseAsync(ctx, rest),
            "split" => SplitAsync(ctx, rest),
            "configure" => ConfigureAsync(ctx, rest),
            _ => throw new CtlException((sub is null ? string.Empty : $"Invalid ipam command: '{sub}'\n\n") + Usage.TrimEnd()),
        };
    }

    private static async Task<int> ConfigureAsync(CtlContext ctx, string[] args)
    {
        var parsed = ParsedArgs.Parse(args, ArgSpec.Create().Value("strictaffinity").Value("max-blocks-per-host"));
        bool? strict = parsed.Get("strictaffinity") is { } s
            ? bool.TryParse(s, out var b) ? b : throw new CtlException($"invalid value for --strictaffinity: \"{s}\" (expected true or false)")
            : null;
        int? maxBlocks = parsed.Get("max-blocks-per-host") is { } m
            ? int.TryParse(m, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : throw new CtlException($"invalid value for --max-blocks-per-host: \"{m}\" (expected a number >= 0)")
            : null;
        if (strict is null && maxBlocks is null)
        {
            throw new CtlException("Usage: calicoctl ipam configure [--strictaffinity=<true/false>] [--max-blocks-per-host=<number>]");
        }

        await using var session = new Session(ctx, parsed);
        var store = session.Store;
        for (var attempt = 0; ; attempt++)
        {
            var config = await store.GetAsync(ResourceKinds.IPAMConfiguration, null, "default", ctx.CancellationToken).ConfigureAwait(false) as IPAMConfiguration;
            var creating = config is null;
            config ??= new IPAMConfiguration { Metadata = { Name = "default" }, Spec = { StrictAffinity = false, AutoAllocateBlocks = true, MaxBlocksPerHost = 0 } };
            config.Spec.StrictAffinity = strict ?? config.Spec.StrictAffinity;
            config.Spec.MaxBlocksPerHost = maxBlocks ?? config.Spec.MaxBlocksPerHost;
            try
            {
                _ = creating
                    ? await store.CreateAsync(ResourceKinds.IPAMConfiguration, config, ctx.CancellationToken).ConfigureAwait(false)
                    : await store.UpdateAsync(ResourceKinds.IPAMConfiguration, config, ctx.CancellationToken).ConfigureAwait(false);
                break;
            }
            catch (DatastoreException ex) when (attempt < 5 && ex is ResourceConflictException or ResourceAlreadyExistsException)
            {
                // Someone else wrote the configuration between our read and write: read again.
            }
        }

        if (strict is { } st)
        {
            await ctx.Out.WriteLineAsync($"Successfully set StrictAffinity to: {(st ? "true" : "false")}").ConfigureAwait(false);
        }

        if (maxBlocks is { } mb)
        {
            await ctx.Out.WriteLineAsync($"Successfully set MaxBlocksPerHost to: {mb}").ConfigureAwait(false);
        }

        return 0;
    }

    private static CalicoIpam Ipam(Session session) => new(session.Store);
}
