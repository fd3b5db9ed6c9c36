using System.Text.Json.Serialization;

namespace Orleans.GameState.Contract;

/// <summary>The <c>error</c> object of every failed response: <c>{code, message, currentVersion?}</c>.</summary>
public sealed record ErrorInfo(
    string Code,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CurrentVersion = null);
