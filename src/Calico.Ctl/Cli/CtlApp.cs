using Calico.Ctl.Commands;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Ctl.Cli;

/// <summary>Dispatches the first word(s) to a command and turns failures into calicoctl's stderr text and exit codes.</summary>
internal static class CtlApp
{
    public const string Usage = """
        Usage:
          calicoctl [options] <command> [<args>...]

            create       Create resources from a file, a directory or stdin.
            replace      Replace existing resources from a file, a directory or stdin.
            apply        Create resources, or replace those that exist, from a file, a directory or stdin.
            patch        Change one existing resource with a merge patch.
            delete       Delete resources named on the command line or in a file.
            get          Show resources named on the command line or in a file.
            label        Set or remove a label of a resource.
            validate     Check a file, a directory or stdin without writing anything.
            ipam         IP address management: show, check, release, split, configure.
            node         Node commands: status, diags, checksystem.
            datastore    Datastore commands: migrate export, import, lock, unlock.
            policy       Policy commands: trace (a flow through the policy evaluator).
            version      Show the client version (and the cluster's).

        Options:
          -h --help                Show this help.
          -c --config=<CONFIG>     CalicoAPIConfig file with the datastore connection
                                   [default: /etc/calico/calicoctl.cfg]; when it does not exist,
                                   DATASTORE_TYPE, ETCD_ENDPOINTS, ... (default: the SQLite datastore).
          -l --log-level=<LEVEL>   Accepted for compatibility; calicoctl logs nothing.

        """;

    public static async Task<int> RunAsync(string[] args, CtlContext ctx)
    {
        try
        {
            return await DispatchAsync(args, ctx).ConfigureAwait(false);
        }
        catch (CtlException ex)
        {
            await ctx.Err.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (ResourceValidationException ex)
        {
            await ctx.Err.WriteLineAsync(Messages.Invalid(ex.Errors)).ConfigureAwait(false);
            return 1;
        }
        catch (DatastoreException ex)
        {
            await ctx.Err.WriteLineAsync(Messages.Datastore(ex)).ConfigureAwait(false);
            return 1;
        }
        finally
        {
            await ctx.Out.FlushAsync().ConfigureAwait(false);
            await ctx.Err.FlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The first word that is not an option (nor the value of <c>-c/--config</c> or <c>-l/--log-level</c>) and the
    /// remaining arguments, with options that came before the word moved after it.
    /// </summary>
    public static (string? Word, string[] Remaining) Split(string[] args)
    {
        var i = FirstWord(args);
        return i >= args.Length ? (null, args) : (args[i], [.. args.Skip(i + 1), .. args.Take(i)]);
    }

    private static int FirstWord(string[] args)
    {
        var i = 0;
        while (i < args.Length && args[i].StartsWith('-') && args[i] != "-")
        {
            i += args[i] is "-c" or "--config" or "-l" or "--log-level" ? 2 : 1;
        }

        return i;
    }

    private static Task<int> DispatchAsync(string[] args, CtlContext ctx)
    {
        if (args.Contains("-h") || args.Contains("--help"))
        {
            ctx.Out.Write(Usage);
            return Task.FromResult(0);
        }

        var i = FirstWord(args);
        if (i >= args.Length)
        {
            throw new CtlException(Usage.TrimEnd(), 1);
        }

        var (command, rest) = Split(args);
        return command switch
        {
            "version" => VersionCommand.RunAsync(ctx, rest),
            "create" or "apply" or "replace" => WriteCommand.RunAsync(ctx, command, rest),
            "delete" => DeleteCommand.RunAsync(ctx, rest),
            "validate" => WriteCommand.ValidateAsync(ctx, rest),
            "get" => GetCommand.RunAsync(ctx, rest),
            "label" => LabelCommand.RunAsync(ctx, rest),
            "patch" => PatchCommand.RunAsync(ctx, rest),
            "ipam" => IpamCommand.RunAsync(ctx, rest),
            "node" => NodeCommand.RunAsync(ctx, rest),
            "datastore" => DatastoreCommand.RunAsync(ctx, rest),
            "policy" => PolicyCommand.RunAsync(ctx, rest),
            _ => throw new CtlException($"Invalid command: '{command}'\n\n{Usage.TrimEnd()}"),
        };
    }
}
