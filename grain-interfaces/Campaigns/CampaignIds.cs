using System.Text.RegularExpressions;

namespace Orleans.GameState.Campaigns;

/// <summary>
/// The shapes of campaign and session ids. Both start with a letter and a dash, which keeps every grain key
/// of this project away from the ADO.NET storage trap: the provider stores a key that parses as a
/// hexadecimal integer (or a GUID) as a number, so "123" and "0123" would share one row.
/// </summary>
public static partial class CampaignIds
{
    public static string NewCampaignId() => $"c-{Guid.NewGuid():N}";

    public static string NewSessionId() => $"s-{Guid.NewGuid():N}";

    public static bool IsCampaignId(string? id) => id is not null && CampaignPattern().IsMatch(id);

    public static bool IsSessionId(string? id) => id is not null && SessionPattern().IsMatch(id);

    [GeneratedRegex("^c-[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex CampaignPattern();

    [GeneratedRegex("^s-[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex SessionPattern();
}
