namespace Orleans.GameState.Gateway.Relay;

/// <summary>One hub event waiting in a connection's outbox: its name and its pre-serialised payload.</summary>
public readonly record struct OutboundEvent(string Name, ReadOnlyMemory<byte> Payload);
