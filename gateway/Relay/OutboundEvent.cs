using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.Relay;

/// <summary>One hub event waiting in a connection's outbox, as a frame shared by every connection it goes to.</summary>
/// <remarks>
/// <see cref="SerializedHubMessage"/> serialises the invocation once per protocol and hands the same bytes to each
/// connection, as SignalR's own group sends do; a per-connection <c>SendAsync</c> would frame and serialise it again
/// for each socket. <see cref="ReceivedAt"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp) measures
/// fan-out latency.
/// </remarks>
public readonly record struct OutboundEvent(SerializedHubMessage Frame, long ReceivedAt)
{
    /// <summary>The JSON protocol's framing around the payload: type, target, arguments, separator.</summary>
    private const int FramingBytes = 48;

    /// <summary>About what the frame takes in memory and on the wire: the payload plus its framing (bounds stalled connections).</summary>
    public int Bytes { get; init; }

    /// <summary>The event <paramref name="target"/> carrying <paramref name="payload"/>, with its size.</summary>
    public static OutboundEvent Of(string target, ReadOnlyMemory<byte> payload, long receivedAt) =>
        new(FrameOf(target, payload), receivedAt) { Bytes = payload.Length + target.Length + FramingBytes };

    /// <summary>The frame of event <paramref name="target"/> whose one argument is the JSON <paramref name="payload"/>.</summary>
    public static SerializedHubMessage FrameOf(string target, ReadOnlyMemory<byte> payload) =>
        new(new InvocationMessage(target, [new RawJson(payload)]));
}
