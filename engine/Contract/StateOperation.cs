using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.GameState.Contract;

/// <summary>One path operation of a <see cref="StateUpdate"/> (docs/api.md section 6).</summary>
/// <remarks>
/// <see cref="JsonElement"/> keeps "absent" (<see cref="JsonValueKind.Undefined"/>, the default) apart from an
/// explicit JSON <c>null</c>, which the contract needs: <c>set</c> with <c>value: null</c> is valid, <c>set</c>
/// without a value is not; <c>previous</c> is left out when the key did not exist. It is also immutable, so a
/// message can be shared between grains and connections without defensive copies.
/// </remarks>
public sealed record StateOperation(
    string Path,
    string Operation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] JsonElement Value = default,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] JsonElement Previous = default)
{
    [JsonIgnore]
    public bool HasValue => Value.ValueKind != JsonValueKind.Undefined;

    [JsonIgnore]
    public bool HasPrevious => Previous.ValueKind != JsonValueKind.Undefined;
}
