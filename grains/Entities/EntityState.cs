using System.Text.Json;

namespace Orleans.GameState.Grains.Entities;

/// <summary>
/// A backing model as stored (state name <c>campaign-entity</c>), e.g. in psql:
/// <c>{"campaignId":"c-…","kind":"characters","id":"c1","body":{"id":"c1",…},"sessionVersions":{"s-…":42}}</c>.
/// </summary>
public sealed class EntityState
{
    public string? CampaignId { get; set; }

    public string? Kind { get; set; }

    public string? Id { get; set; }

    /// <summary>The entity exactly as GET answers it; null until created.</summary>
    public JsonElement? Body { get; set; }

    /// <summary>Per session, the newest session version written through here: older or equal writes are ignored.</summary>
    public Dictionary<string, long> SessionVersions { get; set; } = new(StringComparer.Ordinal);
}
