using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.FunctionalTests;

/// <summary>
/// Loses chosen <c>gameState:updated</c> events on their way into a client, as a lossy network would: the client's
/// hub protocol (installed through <see cref="GameSessionClientOptions.ConfigureHubConnection"/>) parses them into a
/// ping, which the client ignores. The client's own code is not touched.
/// </summary>
public sealed class BroadcastDropper(Func<UpdateBroadcast, bool> drop) : IHubProtocol
{
    private readonly JsonHubProtocol _json = new(Options.Create(new JsonHubProtocolOptions
    {
        PayloadSerializerOptions = new JsonSerializerOptions(ContractJson.Options),
    }));

    public string Name => _json.Name;

    public int Version => _json.Version;

    public TransferFormat TransferFormat => _json.TransferFormat;

    public void Install(IHubConnectionBuilder builder) => builder.Services.AddSingleton<IHubProtocol>(this);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        if (!_json.TryParseMessage(ref input, binder, out message))
        {
            return false;
        }

        if (message is InvocationMessage { Target: HubProtocol.Events.Updated, Arguments: [UpdateBroadcast broadcast] } && drop(broadcast))
        {
            message = PingMessage.Instance;
        }

        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _json.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _json.GetMessageBytes(message);

    public bool IsVersionSupported(int version) => _json.IsVersionSupported(version);
}
