using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.GameState.Contract;
using Orleans.GameState.Gateway.Relay;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Gateway.UnitTests;

/// <summary>
/// The relay's promise to each connection: every version once, in order, none at or below the state it was given.
/// Time is virtual: "nothing yet" is checked before the gap-repair delay has passed, not by waiting.
/// </summary>
public sealed class SessionRelayTests
{
    private static readonly TimeSpan RepairDelay = TimeSpan.FromMilliseconds(200);

    private readonly FakeTimeProvider _time = new();
    private readonly ConnectionOutboxes _outboxes = new();
    private readonly (IGameSessionGrain Grain, FakeSessionGrain Fake) _grain = FakeSessionGrain.Create();

    private static SessionBroadcast Broadcast(long version, bool encounterStarted = false) => new(
        "s1", version, Encoding.UTF8.GetBytes($"{{\"v\":{version}}}"), encounterStarted ? Encoding.UTF8.GetBytes($"{{\"e\":{version}}}") : null);

    private static IEnumerable<string> Payloads(IEnumerable<(string Target, string Payload)> written) => written.Select(w => w.Payload);

    private async Task<(SessionRelay Relay, FakeHubConnection Connection)> JoinedAsync(long currentVersion, long floor)
    {
        _grain.Fake.CurrentVersion = currentVersion;
        var relay = new SessionRelay(
            "s1", _grain.Grain, FakeGrainFactory.Create(), _outboxes, new RelayOptions { GapRepairDelay = RepairDelay }, NullLogger.Instance, _time);
        var connection = Connect("c1");
        relay.AddConnection("c1", "player");
        Assert.True(await relay.EnsureSubscribedAsync());
        relay.SetFloor("c1", floor);
        return (relay, connection);
    }

    private FakeHubConnection Connect(string connectionId)
    {
        var connection = new FakeHubConnection(connectionId);
        _outboxes.Add(new ConnectionOutbox(connection, 64, long.MaxValue, TestMetrics.Create(), NullLogger<ConnectionOutbox>.Instance));
        return connection;
    }

    [Fact]
    public async Task Passes_broadcasts_on_in_version_order_whatever_order_they_arrive_in()
    {
        var (relay, connection) = await JoinedAsync(currentVersion: 1, floor: 1);

        await relay.OnBroadcastAsync(Broadcast(3));
        Assert.Empty(connection.Written);

        await relay.OnBroadcastAsync(Broadcast(2));
        await relay.OnBroadcastAsync(Broadcast(4));

        Assert.Equal(["{\"v\":2}", "{\"v\":3}", "{\"v\":4}"], Payloads(connection.Written));
        Assert.All(connection.Written, w => Assert.Equal(HubProtocol.Events.Updated, w.Target));
    }

    [Fact]
    public async Task Sends_each_version_once()
    {
        var (relay, connection) = await JoinedAsync(currentVersion: 1, floor: 1);

        await relay.OnBroadcastAsync(Broadcast(2));
        await relay.OnBroadcastAsync(Broadcast(2));
        await relay.OnBroadcastAsync(Broadcast(1));
        await relay.OnBroadcastAsync(Broadcast(3));

        Assert.Equal(["{\"v\":2}", "{\"v\":3}"], Payloads(connection.Written));
        Assert.Equal(3, relay.DeliveredVersion);
    }

    [Fact]
    public async Task Repairs_a_gap_from_the_log_once_the_repair_delay_has_passed()
    {
        var (relay, connection) = await JoinedAsync(currentVersion: 1, floor: 1);
        _grain.Fake.Log(Broadcast(2));
        _grain.Fake.Log(Broadcast(3));

        await relay.OnBroadcastAsync(Broadcast(3));
        _time.Advance(RepairDelay - TimeSpan.FromMilliseconds(1));

        // Version 2 may still arrive by itself: nothing is sent and the log is not read yet.
        Assert.Empty(connection.Written);
        Assert.Empty(_grain.Fake.Reads);

        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(["{\"v\":2}", "{\"v\":3}"], Payloads(await connection.WaitForAsync(2)));
        Assert.Equal([1L], _grain.Fake.Reads);
    }

    [Fact]
    public async Task A_gap_that_fills_by_itself_is_not_read_from_the_log()
    {
        var (relay, connection) = await JoinedAsync(currentVersion: 1, floor: 1);

        await relay.OnBroadcastAsync(Broadcast(3));
        await relay.OnBroadcastAsync(Broadcast(2));
        _time.Advance(RepairDelay);

        Assert.Equal(["{\"v\":2}", "{\"v\":3}"], Payloads(connection.Written));
        Assert.Empty(_grain.Fake.Reads);
    }

    [Fact]
    public async Task A_joining_connection_gets_only_versions_above_the_state_it_was_given()
    {
        var (relay, first) = await JoinedAsync(currentVersion: 1, floor: 1);
        var second = Connect("c2");
        relay.AddConnection("c2", "player-2");

        // Broadcasts while c2 is joining wait for its floor; the state it is given is at version 3.
        await relay.OnBroadcastAsync(Broadcast(2));
        await relay.OnBroadcastAsync(Broadcast(3));
        await relay.OnBroadcastAsync(Broadcast(4));
        Assert.Empty(second.Written);

        relay.SetFloor("c2", 3);
        await relay.OnBroadcastAsync(Broadcast(5));

        Assert.Equal(["{\"v\":2}", "{\"v\":3}", "{\"v\":4}", "{\"v\":5}"], Payloads(first.Written));
        Assert.Equal(["{\"v\":4}", "{\"v\":5}"], Payloads(second.Written));
    }

    [Fact]
    public async Task Encounter_started_follows_its_update()
    {
        var (relay, connection) = await JoinedAsync(currentVersion: 1, floor: 1);

        await relay.OnBroadcastAsync(Broadcast(2, encounterStarted: true));

        Assert.Equal([HubProtocol.Events.Updated, HubProtocol.Events.EncounterStarted], connection.Written.Select(w => w.Target));
    }
}
