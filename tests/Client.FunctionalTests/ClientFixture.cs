using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.GameState.Contract;
using Orleans.GameState.Sessions;
using Orleans.GameState.Testing;

namespace Orleans.GameState.Client.FunctionalTests;

/// <summary>
/// One 2-silo cluster on PostgreSQL and one real gateway (with <see cref="HubControl"/> installed) shared by the client
/// tests. History is short (LogRetention 20, frequent snapshots, 4 recent broadcasts in memory) so that
/// HISTORY_UNAVAILABLE happens within a test.
/// </summary>
public sealed class ClientFixture : IAsyncLifetime
{
    public const int LogRetention = 20;

    public GameStateCluster Cluster { get; private set; } = null!;

    public GatewayServer Gateway { get; private set; } = null!;

    public HubControl Control { get; } = new();

    public async Task InitializeAsync()
    {
        Cluster = await GameStateCluster.StartAsync("client", silos: 2, new Dictionary<string, string>
        {
            ["Sessions:LogRetention"] = LogRetention.ToString(CultureInfo.InvariantCulture),
            ["Sessions:SnapshotMinLogBytes"] = "1",
            ["Sessions:RecentBroadcasts"] = "4",
        });
        Gateway = await GatewayServer.StartAsync(Cluster, configure: Control.Install);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>Options for tests: quick reconnection and retries so faults resolve in well under a second.</summary>
    public static GameSessionClientOptions Options() => new()
    {
        ReconnectDelays = [TimeSpan.Zero, TimeSpan.FromMilliseconds(200)],
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromSeconds(1),
        RequestTimeout = TimeSpan.FromSeconds(15),
        UpdateTimeout = TimeSpan.FromSeconds(15),
    };

    public GameSessionClient NewClient(string userId, GameSessionClientOptions? options = null) =>
        new(Gateway.Address, () => Gateway.TokenAsync(userId), options ?? Options());

    /// <summary>A session with its own GM and players (unique user ids, so tests never disturb each other's users).</summary>
    public async Task<TestSession> CreateSessionAsync(int players = 2, string? initialState = null)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var session = new TestSession(Cluster.Client, $"s-{Guid.NewGuid():N}", $"gm-{tag}", [.. Enumerable.Range(1, players).Select(i => $"player{i}-{tag}")]);
        await session.Grain.CreateAsync(new CreateSessionCommand("c-client-tests", session.Gm, session.Players, initialState ?? Ops.InitialState));
        return session;
    }
}

[CollectionDefinition(Name)]
public sealed class ClientCollection : ICollectionFixture<ClientFixture>
{
    public const string Name = "client";
}

public sealed class TestSession(IClusterClient cluster, string sessionId, string gm, string[] players)
{
    public string SessionId { get; } = sessionId;

    public string Gm { get; } = gm;

    public string[] Players { get; } = players;

    public IGameSessionGrain Grain => cluster.GetGrain<IGameSessionGrain>(SessionId);

    public async Task<JsonNode> ServerStateAsync()
    {
        var view = await Grain.GetStateAsync(Gm);
        Assert.Null(view.Error);
        return JsonNode.Parse(view.StateJson!)!;
    }

    public async Task<long> ServerVersionAsync() =>
        long.Parse((await ServerStateAsync())["stateVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    /// <summary>
    /// Keeps updating (bounded) until the server no longer has the updates after <paramref name="since"/>: pruning comes
    /// with snapshots and trails the write-through outbox, so a fixed number of updates is not enough.
    /// </summary>
    public async Task UpdateUntilPrunedAsync(long since)
    {
        for (var i = 0; i < 400; i++)
        {
            await ApplyAsync(Ops.Inc("characters.0.hp", 1));
            if (i >= ClientFixture.LogRetention && i % 5 == 0)
            {
                if ((await Grain.GetUpdatesSinceAsync(Gm, since)).Error?.Code == ErrorCodes.HistoryUnavailable)
                {
                    return;
                }

                await Task.Delay(50);
            }
        }

        Assert.Fail($"The history after version {since} was never pruned.");
    }

    /// <summary>Another writer: an update straight on the grain as the GM, at the current version.</summary>
    public async Task<long> ApplyAsync(params StateOperation[] operations)
    {
        var response = await Grain.UpdateAsync(Ops.Update(SessionId, await ServerVersionAsync(), operations), Gm);
        Assert.True(response.Success, response.Error?.Message);
        return long.Parse(response.NewVersion!, CultureInfo.InvariantCulture);
    }
}
