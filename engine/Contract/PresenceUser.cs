using System.Text.Json.Serialization;

namespace Orleans.GameState.Contract;

/// <summary>One user at the table (CONTRACT section 9): someone with at least one connection joined to the session.</summary>
public sealed record PresenceUser(string UserId, [property: JsonPropertyName("isGM")] bool IsGm);
