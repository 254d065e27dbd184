using Calico.Sdk.Resources;

namespace Calico.Sdk.Validation;

/// <summary>Identity and immutable-field rules of updates.</summary>
internal static class UpdateRules
{
    public static void Validate(ValidationContext ctx, Resource existing, Resource updated)
    {
        if (existing.GetType() != updated.GetType())
        {
            ctx.Add("kind", updated.Kind, $"cannot replace a {existing.Kind} with a {updated.Kind}");
            return;
        }

        Same(ctx, "metadata.name", existing.Metadata.Name, updated.Metadata.Name, "name cannot change; delete and re-create instead");
        Same(ctx, "metadata.namespace", Empty(existing.Metadata.Namespace), Empty(updated.Metadata.Namespace), "namespace cannot change");
        if (!string.IsNullOrEmpty(updated.Metadata.Uid) && !string.IsNullOrEmpty(existing.Metadata.Uid))
        {
            Same(ctx, "metadata.uid", existing.Metadata.Uid, updated.Metadata.Uid, "uid does not match the stored object");
        }

        switch ((existing, updated))
        {
            case (IPPool before, IPPool after):
                Same(ctx, "spec.cidr", before.Spec.Cidr, after.Spec.Cidr, "IP pool CIDR is immutable; create a new pool and follow the IP pool migration procedure");
                var beforeSize = before.Spec.BlockSize ?? ResourceDefaults.DefaultBlockSize(before.Spec.Cidr);
                var afterSize = after.Spec.BlockSize ?? ResourceDefaults.DefaultBlockSize(after.Spec.Cidr);
                if (beforeSize != afterSize)
                {
                    ctx.Add("spec.blockSize", after.Spec.BlockSize?.ToString(System.Globalization.CultureInfo.InvariantCulture), $"IP pool blockSize is immutable (was {beforeSize})");
                }

                break;
            case (IPAMBlock before, IPAMBlock after):
                Same(ctx, "spec.cidr", before.Spec.Cidr, after.Spec.Cidr, "block CIDR is immutable");
                break;
            case (BlockAffinity before, BlockAffinity after):
                Same(ctx, "spec.cidr", before.Spec.Cidr, after.Spec.Cidr, "affinity CIDR is immutable");
                Same(ctx, "spec.node", before.Spec.Node, after.Spec.Node, "affinity node is immutable");
                break;
            case (IPAMHandle before, IPAMHandle after):
                Same(ctx, "spec.handleID", before.Spec.HandleId, after.Spec.HandleId, "handleID is immutable");
                break;
        }
    }

    private static void Same(ValidationContext ctx, string path, string? before, string? after, string message)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            ctx.Add(path, after, message);
        }
    }

    private static string? Empty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
