using Calico.Ctl.Cli;
using Calico.Sdk.Resources;

namespace Calico.Ctl.Commands;

/// <summary>Resolves a KIND argument: kind, plural or short name, case-insensitive (<c>ippool</c>, <c>ippools</c>, <c>ipp</c>, ...).</summary>
internal static class KindArg
{
    public static ResourceKind Resolve(string name, string verb) =>
        ResourceKinds.Find(name) ?? throw new CtlException($"Failed to {verb} resources: resource type '{name}' is not supported");
}
