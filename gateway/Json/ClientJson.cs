using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.Json;

/// <summary>The JSON options for what clients send: the contract's (<see cref="ContractJson.Options"/>) with numbers strictly numbers.</summary>
/// <remarks>
/// <see cref="ContractJson.Options"/> follow <see cref="JsonSerializerDefaults.Web"/>, which also reads a number from a
/// string (<c>"timestamp": "123"</c>). The contract says <c>timestamp: number</c>; a client that sends a string has a
/// bug it should hear about, as it does for every other wrongly typed field. Everything else (camelCase, names
/// matched regardless of case, unknown fields ignored) is the contract's, so well-formed calls read exactly as before.
/// </remarks>
public static class ClientJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(ContractJson.Options) { NumberHandling = JsonNumberHandling.Strict };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
