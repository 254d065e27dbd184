using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Testing.Datastore;

/// <summary>A list continuation: the list's revision and the last key returned, as an opaque base64url string.</summary>
internal readonly record struct ContinueToken(long Revision, string LastKey)
{
    internal string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Revision.ToString(CultureInfo.InvariantCulture) + "|" + LastKey));

    internal static ContinueToken Decode(ResourceKind kind, string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && long.TryParse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
            {
                return new ContinueToken(revision, text[(bar + 1)..]);
            }
        }
        catch (FormatException)
        {
            // Reported below with the kind.
        }

        throw new DatastoreDataException(DataErrorReason.InvalidContinueToken, $"The continue token '{token}' for {kind.Kind} is malformed; pass the Continue value of the previous page unchanged.", kind.Kind);
    }
}
