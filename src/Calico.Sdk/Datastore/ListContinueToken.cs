using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Datastore;

/// <summary>
/// A list continuation for backends with integer revisions: the list's revision and the last key returned,
/// carried as an opaque base64url string in <see cref="ResourceList{T}.Continue"/>.
/// </summary>
/// <param name="Revision">The revision every page of the list is read at.</param>
/// <param name="LastKey">The last key (<c>namespace/name</c> or <c>name</c>) of the previous page.</param>
public readonly record struct ListContinueToken(long Revision, string LastKey)
{
    /// <summary>The opaque string form.</summary>
    /// <returns>The token.</returns>
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Revision.ToString(CultureInfo.InvariantCulture) + "|" + LastKey));

    /// <summary>Parses a token made by <see cref="Encode"/>.</summary>
    /// <param name="kind">The kind being listed (for the error message).</param>
    /// <param name="token">The token.</param>
    /// <returns>The token's revision and last key.</returns>
    /// <exception cref="DatastoreDataException">The token is malformed (<see cref="DataErrorReason.InvalidContinueToken"/>).</exception>
    public static ListContinueToken Decode(ResourceKind kind, string token)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(token);
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && long.TryParse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
            {
                return new ListContinueToken(revision, text[(bar + 1)..]);
            }
        }
        catch (FormatException)
        {
            // Reported below with the kind.
        }

        throw new DatastoreDataException(
            DataErrorReason.InvalidContinueToken,
            $"The continue token '{token}' for {kind.Kind} is malformed; pass the Continue value of the previous page unchanged.",
            kind.Kind);
    }
}
