using Orleans.GameState.Contract;
using Orleans.Serialization;

namespace Orleans.GameState.Serialization;

/// <summary>
/// How the engine's contract records cross grain boundaries. They live in a library that must not depend on
/// Orleans, so they carry no <c>[GenerateSerializer]</c>; instead Orleans' System.Text.Json codec handles every
/// type of the contract namespace, with the same options as the wire. Their JSON form is what clients send
/// anyway, and <see cref="System.Text.Json.JsonElement"/> values (opaque game data) need JSON in any case.
/// Silos and clients must both call this.
/// </summary>
public static class ContractSerialization
{
    private static readonly string ContractNamespace = typeof(StateUpdate).Namespace!;

    public static ISerializerBuilder AddGameStateContracts(this ISerializerBuilder builder) =>
        builder.AddJsonSerializer(IsContractType, ContractJson.Options);

    private static bool IsContractType(Type type) => type.Namespace == ContractNamespace;
}
