using System.Security.Cryptography;
using System.Text;

namespace Orleans.GameState.Entities;

/// <summary>
/// The key of an entity grain: "&lt;campaignId&gt;/&lt;kind&gt;/&lt;escaped id&gt;". Unique per campaign, kind and id,
/// and never numeric: it starts with the campaign id ("c-…"), so the ADO.NET provider can never read it as a
/// hexadecimal integer or a GUID (which would make "1" and "01" share a row). The id is percent-escaped so
/// that '/' and '+' (the provider's key-extension separator) never appear raw, and a very long id is
/// replaced by its SHA-256, to stay within the storage's key column.
/// </summary>
public static class EntityKeys
{
    /// <summary>Escaped ids longer than this are hashed (the storage key column holds 512 characters).</summary>
    private const int MaxEscapedIdLength = 256;

    public static string For(string campaignId, string kind, string id)
    {
        var escaped = Uri.EscapeDataString(id);
        if (escaped.Length > MaxEscapedIdLength)
        {
            escaped = "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
        }

        return $"{campaignId}/{kind}/{escaped}";
    }
}
