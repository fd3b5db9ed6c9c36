using System.Text.Json;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.OpenApi;

// Types that exist only to describe bodies the endpoints read and write as raw JSON (they never bind them), so that
// the OpenAPI document carries their schemas.

/// <summary>Every error answer: <c>{error: {code, message, currentVersion?}}</c>.</summary>
public sealed record ErrorBody(ErrorInfo Error);

/// <summary>A backing model: any JSON object with a string <c>id</c>; its other fields are the client's.</summary>
public sealed record EntityBody(string Id, bool? Deleted, string? Visibility);

/// <summary><c>{sessionId, stateVersion}</c> of a new session.</summary>
public sealed record SessionCreatedBody(string SessionId, string StateVersion);

/// <summary>The current encounter of a game state.</summary>
public sealed record CurrentEncounterBody(EntityBody Encounter, EntityBody? Map, IReadOnlyList<EntityBody> Tokens);

/// <summary>A game state (CONTRACT section 4).</summary>
public sealed record GameStateBody(
    IReadOnlyList<EntityBody> Characters,
    IReadOnlyList<EntityBody> Actors,
    IReadOnlyList<EntityBody> Items,
    CurrentEncounterBody? CurrentEncounter,
    JsonElement PluginData,
    string StateVersion,
    long LastUpdated);

/// <summary><c>{gameState}</c>.</summary>
public sealed record GameStateEnvelope(GameStateBody GameState);

/// <summary>One operation as applied (CONTRACT section 6); <c>value</c> and <c>previous</c> are any JSON, absent where the contract says.</summary>
public sealed record OperationBody(string Path, string Operation, JsonElement? Value, JsonElement? Previous);

/// <summary>A <c>gameState:updated</c> broadcast (<see cref="UpdateBroadcast"/>); <c>revertedTo</c> only on a revert.</summary>
public sealed record UpdateBroadcastBody(
    string SessionId, string UpdateId, string PreviousVersion, string NewVersion, IReadOnlyList<OperationBody> Operations,
    long Timestamp, string Source, string? RevertedTo);

/// <summary><c>{updates: [broadcast]}</c>.</summary>
public sealed record UpdatesEnvelope(IReadOnlyList<UpdateBroadcastBody> Updates);
