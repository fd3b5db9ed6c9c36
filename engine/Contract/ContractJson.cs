using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.GameState.Contract;

/// <summary>The JSON options of the wire format: camelCase, as docs/api.md says "JSON everywhere is camelCase".</summary>
public static class ContractJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
