using System.Net;
using Orleans.GameState.Contract;
using Orleans.GameState.Testing;

namespace Orleans.GameState.Gateway.HardeningTests;

/// <summary>
/// A hub message of a type SignalR's JSON protocol does not know used to wedge the connection (nothing after it was
/// ever dispatched, and pings kept it alive); now it closes the connection with an error in the close message.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class HubMessageTypeTests(HardeningFixture fixture)
{
    [Theory]
    [InlineData("""{"type":99}""")]
    [InlineData("""{"type":0}""")]
    [InlineData($$"""{"type":12,"invocationId":"1","target":"{{HubProtocol.Methods.RequestFull}}","arguments":["s"]}""")]
    [InlineData("""{"type":-1,"target":"x"}""")]
    public async Task An_unknown_message_type_closes_the_connection_with_an_error(string message)
    {
        await using var hub = await HubSocket.ConnectAsync(fixture.Gateway, await fixture.Gateway.TokenAsync(SessionScenario.Gm));

        await hub.SendTextAsync(message);
        var close = await hub.ReadCloseMessageAsync(TimeSpan.FromSeconds(15));

        Assert.True(close.HasValue, "no close message");
        Assert.Contains("Unsupported hub message", close.Value.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Null(await hub.ReadUntilAsync(_ => true, TimeSpan.FromSeconds(5)));
        Assert.False(hub.IsOpen);

        using var health = await fixture.Gateway.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Known_message_types_still_work_after_a_ping_and_a_cancel()
    {
        await using var hub = await HubSocket.ConnectAsync(fixture.Gateway, await fixture.Gateway.TokenAsync(SessionScenario.Gm));

        await hub.SendTextAsync("""{"type":6}""");
        await hub.SendTextAsync("""{"type":5,"invocationId":"nothing"}""");
        var answer = await hub.InvokeAsync(HubProtocol.Methods.RequestFull, "[\"s-none\"]");

        Assert.Equal(3, HubSocket.Type(answer));
    }
}
