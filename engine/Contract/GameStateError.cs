namespace Orleans.GameState.Contract;

/// <summary>The payload of the <c>gameState:error</c> event sent to the GM's connections.</summary>
public sealed record GameStateError(string SessionId, string UpdateId, ErrorInfo Error);
