using System.Text.Json.Serialization;

namespace Orleans.GameState.Contract;

public sealed record StateUpdateResponse(
    bool Success,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NewVersion = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ErrorInfo? Error = null)
{
    public static StateUpdateResponse Accepted(string newVersion) => new(true, newVersion);

    public static StateUpdateResponse Failed(ErrorInfo error) => new(false, null, error);
}
