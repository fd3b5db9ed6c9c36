using Microsoft.Extensions.DependencyInjection;
using Orleans.GameState.Contract;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;

namespace Orleans.GameState.Serialization;

/// <summary>
/// How the engine's contract records cross grain boundaries. They live in a library that must not depend on
/// Orleans, so they carry no <c>[GenerateSerializer]</c>; instead Orleans' System.Text.Json codec handles every
/// type of the contract namespace, with the same options as the wire. Their JSON form is what clients send
/// anyway, and <see cref="System.Text.Json.JsonElement"/> values (opaque game data) need JSON in any case.
/// Silos and clients must both call this.
/// </summary>
/// <remarks>
/// The records are immutable (init-only properties, read-only lists, <see cref="System.Text.Json.JsonElement"/>
/// values), so they are also registered as shallow-copyable: without that, Orleans would deep-copy every
/// argument and local response through the JSON codec (a serialise and a parse per call, measured at about
/// 5 % of the gateway's CPU under load), which is what <c>[Immutable]</c> does for the generated records.
/// </remarks>
public static class ContractSerialization
{
    private static readonly string ContractNamespace = typeof(StateUpdate).Namespace!;

    public static ISerializerBuilder AddGameStateContracts(this ISerializerBuilder builder)
    {
        builder.Services.AddSingleton<ISpecializableCopier, ContractRecordCopier>();
        // A grain whose storage is down fails with an NpgsqlException. Orleans copies or serialises only exceptions
        // of allowed namespaces; without Npgsql's, the caller got a CodecNotFoundException instead (answered
        // INTERNAL_ERROR rather than TRANSACTION_FAILED, seen in the all-in-one drill's kill-postgres).
        builder.Services.Configure<ExceptionSerializationOptions>(options => options.SupportedNamespacePrefixes.Add("Npgsql"));
        return builder.AddJsonSerializer(IsContractType, ContractJson.Options);
    }

    internal static bool IsContractType(Type type) => type.Namespace == ContractNamespace;

    /// <summary>Orleans asks specialisable copiers before generalised ones such as the JSON codec.</summary>
    private sealed class ContractRecordCopier : ISpecializableCopier
    {
        public bool IsSupportedType(Type type) => IsContractType(type);

        public IDeepCopier GetSpecializedCopier(Type type) =>
            (IDeepCopier)Activator.CreateInstance(typeof(ShallowCopier<>).MakeGenericType(type))!;
    }
}
