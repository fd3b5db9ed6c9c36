namespace Orleans.GameState.Gateway.Relay;

/// <summary>One hub event waiting in a connection's outbox: its name and its pre-serialised payload.</summary>
/// <remarks><see cref="ReceivedAt"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp) measures fan-out latency.</remarks>
public readonly record struct OutboundEvent(string Name, ReadOnlyMemory<byte> Payload, long ReceivedAt);
