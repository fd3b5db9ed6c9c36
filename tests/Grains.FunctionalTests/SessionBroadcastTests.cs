using System.Collections.Concurrent;
using System.Text.Json;
using Orleans.GameState.Contract;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Grains.FunctionalTests;

[Collection(SessionClusterCollection.Name)]
public sealed class SessionBroadcastTests(SessionClusterFixture fixture)
{
    private sealed class RecordingObserver : ISessionObserver
    {
        public ConcurrentQueue<SessionBroadcast> Broadcasts { get; } = new();

        public ConcurrentQueue<SessionUpdateFailed> Failures { get; } = new();

        public Task OnBroadcastAsync(SessionBroadcast broadcast)
        {
            Broadcasts.Enqueue(broadcast);
            return Task.CompletedTask;
        }

        public Task OnUpdateFailedAsync(SessionUpdateFailed failure)
        {
            Failures.Enqueue(failure);
            return Task.CompletedTask;
        }

        public Task OnMembersRemovedAsync(SessionMembersRemoved removed) => Task.CompletedTask;

        public Task OnPresenceAsync(PresenceSnapshot presence) => Task.CompletedTask;

        public async Task WaitForAsync(Func<RecordingObserver, bool> condition)
        {
            for (var i = 0; i < 100 && !condition(this); i++)
            {
                await Task.Delay(50);
            }
        }
    }

    [Fact]
    public async Task A_subscriber_receives_every_version_once_with_previous_filled_in()
    {
        var session = await SessionScenario.CreateAsync(fixture.Client);
        var observer = new RecordingObserver();
        var reference = fixture.Client.CreateObjectReference<ISessionObserver>(observer);
        var subscription = await session.Grain.SubscribeAsync(reference);

        for (var i = 0; i < 20; i++)
        {
            await session.ApplyAsync(Ops.Set("characters.0.hp", i));
        }

        await observer.WaitForAsync(o => o.Broadcasts.Count >= 20);
        Assert.Equal(1, subscription.CurrentVersion);
        // Observer calls are one-way and may be delivered concurrently, so arrival order is not guaranteed here:
        // the gateway's relay puts them back in version order (and that is what its tests check, at the socket).
        Assert.Equal(Enumerable.Range(2, 20).Select(v => (long)v), observer.Broadcasts.Select(b => b.Version).Order());
        var last = JsonSerializer.Deserialize<UpdateBroadcast>(observer.Broadcasts.MaxBy(b => b.Version)!.UpdatedJson, ContractJson.Options)!;
        Assert.Equal(session.SessionId, last.SessionId);
        Assert.Equal(("20", "21", UpdateSources.Gm), (last.PreviousVersion, last.NewVersion, last.Source));
        Assert.Equal(18, Assert.Single(last.Operations).Previous.GetInt32());
        fixture.Client.DeleteObjectReference<ISessionObserver>(reference);
    }

    [Fact]
    public async Task A_resent_update_broadcasts_nothing_and_a_failed_one_reports_to_the_gm()
    {
        var session = await SessionScenario.CreateAsync(fixture.Client);
        var observer = new RecordingObserver();
        var reference = fixture.Client.CreateObjectReference<ISessionObserver>(observer);
        await session.Grain.SubscribeAsync(reference);
        var update = Ops.Update(session.SessionId, 1, Ops.Set("pluginData.x", 1));

        await session.Grain.UpdateAsync(update, SessionScenario.Gm);
        await session.Grain.UpdateAsync(update, SessionScenario.Gm);
        var conflict = Ops.Update(session.SessionId, 1, Ops.Set("pluginData.x", 2));
        await session.Grain.UpdateAsync(conflict, SessionScenario.Gm);
        await observer.WaitForAsync(o => o.Failures.Count >= 1);
        await Task.Delay(200);

        Assert.Single(observer.Broadcasts);
        var failure = Assert.Single(observer.Failures);
        Assert.Equal(SessionScenario.Gm, failure.GmUserId);
        var error = JsonSerializer.Deserialize<GameStateError>(failure.ErrorJson, ContractJson.Options)!;
        Assert.Equal((conflict.Id, ErrorCodes.VersionConflict), (error.UpdateId, error.Error.Code));
        fixture.Client.DeleteObjectReference<ISessionObserver>(reference);
    }

    [Fact]
    public async Task Encounter_started_comes_once_with_the_update_that_made_the_encounter_active()
    {
        var session = await SessionScenario.CreateAsync(fixture.Client);
        var observer = new RecordingObserver();
        var reference = fixture.Client.CreateObjectReference<ISessionObserver>(observer);
        await session.Grain.SubscribeAsync(reference);

        await session.ApplyAsync(Ops.Set("currentEncounter", new { encounter = new { id = "e1", status = "prepared" }, map = (object?)null, tokens = Array.Empty<object>() }));
        await session.ApplyAsync(Ops.Set("currentEncounter.encounter.status", "active"));
        await session.ApplyAsync(Ops.Set("currentEncounter.encounter.round", 2));
        await observer.WaitForAsync(o => o.Broadcasts.Count >= 3);

        var started = observer.Broadcasts.Where(b => b.EncounterStartedJson is not null).ToList();
        var payload = JsonSerializer.Deserialize<EncounterStarted>(Assert.Single(started).EncounterStartedJson!, ContractJson.Options)!;
        Assert.Equal(new EncounterStarted(session.SessionId, "e1", "3"), payload);
        fixture.Client.DeleteObjectReference<ISessionObserver>(reference);
    }
}
