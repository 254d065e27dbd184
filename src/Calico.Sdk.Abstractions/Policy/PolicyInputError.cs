namespace Calico.Sdk.Policy;

/// <summary>One rejected input: which update, which field, and why.</summary>
/// <param name="Index">The update's index in the batch.</param>
/// <param name="Update">The update, as text (kind, namespace/name).</param>
/// <param name="Field">The field path, e.g. <c>spec.ingress[0].destination.ports[1]</c>.</param>
/// <param name="Message">What is wrong with the value.</param>
public sealed record PolicyInputError(int Index, string Update, string Field, string Message)
{
    /// <summary><c>updates[2] upsert NetworkPolicy x/p: spec.selector: ...</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"updates[{Index}] {Update}: {Field}: {Message}";
}
