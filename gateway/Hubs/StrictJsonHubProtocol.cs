using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Orleans.GameState.Gateway.Hubs;

/// <summary>
/// SignalR's JSON hub protocol, except that a complete message of a type it does not know closes the connection with
/// an error instead of wedging it.
/// </summary>
/// <remarks>
/// SignalR's <see cref="JsonHubProtocol"/> answers a message of an unknown <c>type</c> (<c>{"type":99}</c>,
/// <c>{"type":0}</c>, a future type carrying an invocation) by returning "no message" while having read it, so that old
/// servers can ignore new message types. But with a receive size limit set, ASP.NET Core's connection handler reads
/// that answer as "incomplete message" and keeps the unknown message at the head of its buffer, parsing it again on
/// every read: nothing after it is ever dispatched, pings keep the connection alive, and it only ends once a megabyte
/// more has arrived. Throwing <see cref="HubException"/> here ends the connection the way SignalR ends one for any
/// protocol error, with a close message carrying
/// "Connection closed with an error. HubException: Unsupported hub message: …".
/// </remarks>
public sealed class StrictJsonHubProtocol(IOptions<JsonHubProtocolOptions> options) : IHubProtocol
{
    private readonly JsonHubProtocol _json = new(options);

    public string Name => _json.Name;

    public int Version => _json.Version;

    public TransferFormat TransferFormat => _json.TransferFormat;

    public bool IsVersionSupported(int version) => _json.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message)
    {
        var length = input.Length;
        if (_json.TryParseMessage(ref input, binder, out message))
        {
            return true;
        }

        // The parser consumed a whole record (up to its separator) yet produced nothing: a type it does not know.
        return input.Length == length
            ? false
            : throw new HubException("Unsupported hub message: its type is not one of the JSON hub protocol's (1 to 7).");
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _json.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _json.GetMessageBytes(message);
}
