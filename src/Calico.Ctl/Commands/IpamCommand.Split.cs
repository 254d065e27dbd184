using System.Globalization;
using Calico.Ctl.Cli;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;
using Calico.Sdk.Validation;

namespace Calico.Ctl.Commands;

/// <content>
/// <c>ipam split NUMBER (--cidr=CIDR | --name=POOL)</c>: replaces a pool by NUMBER (a power of two) equal child pools
/// <c>&lt;name&gt;-split-&lt;i&gt;</c> with the same settings. As in Calico the datastore must be locked
/// (<c>datastore migrate lock</c>) so that no allocation happens meanwhile; existing blocks fall inside the children.
/// </content>
internal static partial class IpamCommand
{
    private static async Task<int> SplitAsync(CtlContext ctx, string[] args)
    {
        var parsed = ParsedArgs.Parse(args, ArgSpec.Create().Value("cidr").Value("name"));
        if (parsed.Positionals.Count != 1 || !int.TryParse(parsed.Positionals[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parts)
            || parts < 2 || (parts & (parts - 1)) != 0 || (parsed.Get("cidr") is null == parsed.Get("name") is null))
        {
            throw new CtlException("Usage: calicoctl ipam split <NUMBER> (--cidr=<CIDR> | --name=<POOL_NAME>)  (NUMBER: a power of 2, at least 2)");
        }

        await using var session = new Session(ctx, parsed);
        var store = session.Store;
        var ct = ctx.CancellationToken;
        var info = await store.GetAsync(ResourceKinds.ClusterInformation, null, DatastoreBootstrap.ClusterInformationName, ct).ConfigureAwait(false) as ClusterInformation;
        if (info?.Spec.DatastoreReady != false)
        {
            throw new CtlException("Datastore is not locked. Run the `calicoctl datastore migrate lock` command in order to split an IP pool.");
        }

        var pools = (await store.ListAllAsync(ResourceKinds.IPPool, cancellationToken: ct).ConfigureAwait(false)).Items.Cast<IPPool>().ToList();
        var pool = pools.FirstOrDefault(p => parsed.Get("name") is { } n ? p.Metadata.Name == n : p.Spec.Cidr == parsed.Get("cidr"))
            ?? throw new CtlException($"IP pool {parsed.Get("name") ?? parsed.Get("cidr")} does not exist");
        if (!Cidr.TryParse(pool.Spec.Cidr!, out var cidr))
        {
            throw new CtlException($"IP pool {pool.Metadata.Name} has an invalid CIDR {pool.Spec.Cidr}");
        }

        var blockSize = pool.Spec.BlockSize ?? ResourceDefaults.DefaultBlockSize(pool.Spec.Cidr);
        var childPrefix = cidr.Prefix + System.Numerics.BitOperations.Log2((uint)parts);
        if (childPrefix > blockSize)
        {
            throw new CtlException($"cannot split IP pool {pool.Metadata.Name} ({pool.Spec.Cidr}) into {parts}: the child pools (/{childPrefix}) would be smaller than its blocks (/{blockSize})");
        }

        var children = cidr.Split(parts).Select((c, i) =>
        {
            var child = ResourceSerializer.Clone(pool);
            child.Metadata = new ObjectMeta { Name = $"{pool.Metadata.Name}-split-{i}", Labels = pool.Metadata.Labels, Annotations = pool.Metadata.Annotations };
            child.Spec.Cidr = c.ToString();
            return child;
        }).ToList();
        foreach (var child in children)
        {
            var errors = ResourceValidator.Validate(child);
            if (errors.Count > 0)
            {
                throw new CtlException(Messages.Invalid(errors, child.Metadata.Name));
            }
        }

        foreach (var child in children)
        {
            await store.CreateAsync(ResourceKinds.IPPool, child, ct).ConfigureAwait(false);
        }

        await store.DeleteAsync(ResourceKinds.IPPool, null, pool.Metadata.Name!, pool.Metadata.ResourceVersion, ct).ConfigureAwait(false);
        await ctx.Out.WriteLineAsync($"Successfully split IP pool {pool.Metadata.Name} ({pool.Spec.Cidr}) into {parts} IP pools:").ConfigureAwait(false);
        foreach (var child in children)
        {
            await ctx.Out.WriteLineAsync($"  {child.Metadata.Name} {child.Spec.Cidr}").ConfigureAwait(false);
        }

        return 0;
    }
}
