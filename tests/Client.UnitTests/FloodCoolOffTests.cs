using Microsoft.AspNetCore.SignalR;
using Orleans.GameState.Client.Internal;

namespace Orleans.GameState.Client.UnitTests;

/// <summary>After the gateway closes a connection for flooding, the first reconnection waits out the cool-off.</summary>
public sealed class FloodCoolOffTests
{
    /// <summary>The gateway's close reason (docs/security.md) as SignalR's .NET client hands it to <c>Closed</c>.</summary>
    private static readonly HubException FloodClose = new(
        "The server closed the connection with the following error: RATE_LIMITED: this connection kept sending updates far over its rate and was closed; its user may reconnect after a cool-off.");

    private static readonly TimeSpan CoolOff = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_flood_close_waits_at_least_the_cool_off_and_at_most_a_fifth_more()
    {
        Assert.True(FloodCoolOff.IsFloodClose(FloodClose));
        Assert.Equal(CoolOff, FloodCoolOff.ReconnectDelay(FloodClose, TimeSpan.Zero, CoolOff, random: 0));
        Assert.Equal(TimeSpan.FromSeconds(36), FloodCoolOff.ReconnectDelay(FloodClose, TimeSpan.Zero, CoolOff, random: 1));
        Assert.Equal(TimeSpan.FromSeconds(33), FloodCoolOff.ReconnectDelay(FloodClose, TimeSpan.FromSeconds(1), CoolOff, random: 0.5));
    }

    [Fact]
    public void A_backoff_longer_than_the_cool_off_is_kept()
    {
        Assert.Equal(TimeSpan.FromSeconds(50), FloodCoolOff.ReconnectDelay(FloodClose, TimeSpan.FromSeconds(50), CoolOff, random: 1));
    }

    [Fact]
    public void Any_other_end_of_the_connection_keeps_the_backoff()
    {
        var backoff = TimeSpan.FromSeconds(1);

        Assert.Equal(backoff, FloodCoolOff.ReconnectDelay(null, backoff, CoolOff, random: 1));
        Assert.Equal(backoff, FloodCoolOff.ReconnectDelay(new IOException("connection reset"), backoff, CoolOff, random: 1));
        Assert.Equal(backoff, FloodCoolOff.ReconnectDelay(
            new HubException("The server closed the connection with the following error: Connection closed with an error."), backoff, CoolOff, random: 1));
        Assert.Equal(backoff, FloodCoolOff.ReconnectDelay(FloodClose, backoff, TimeSpan.Zero, random: 1));
    }
}
