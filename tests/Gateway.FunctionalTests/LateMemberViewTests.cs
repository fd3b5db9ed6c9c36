using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;
using Orleans.GameState.Testing;
using Orleans.GameState.Views;
using static Orleans.GameState.Gateway.FunctionalTests.HttpAnswers;

namespace Orleans.GameState.Gateway.FunctionalTests;

/// <summary>
/// History per view for a user who becomes a member after the updates they ask for (issue 11): visibility lists name
/// user ids, not members, so a user named in a list before being added must read, once a member, the view they had
/// of every earlier version. A GM changes a session while P is not a member; then P is added, joins, and asks for
/// the updates since before the first one (hub <c>requestSince</c> and REST <c>updates</c>). P's copy, built from
/// those updates, must equal at every version the engine's view (<see cref="StateView"/>) of the GM's state for P,
/// which must agree with the view written from the contract's words (<see cref="ExpectedView"/>).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class LateMemberViewTests(GatewayFixture fixture)
{
    [Fact]
    public Task A_user_named_in_a_list_before_becoming_a_member_reads_their_view_of_earlier_versions() =>
        new LateMemberRun(fixture).RunAsync(
            late => [
                [Push("actors", new JsonObject { ["id"] = "late-1", ["visibility"] = new JsonArray(late), ["note"] = "for the late member" })],
                [Push("actors", new JsonObject { ["id"] = "secret-1", ["visibility"] = "gm", ["loot"] = "CANARY-GM-1" })],
                [Push("actors", new JsonObject { ["id"] = "pub-1", ["hp"] = 1 })],
                [Set("actors.0.note", "changed for the late member")],
                [Op("actors.2.hp", "inc", 1), Set("actors.1.loot", "CANARY-GM-2")],
                [Set("actors.0.visibility", new JsonArray(late, "someone-else"))],
                [Set("pluginData.x", new JsonObject { ["v"] = 1, ["gmOnly"] = "CANARY-GM-3" })],
                [Set("actors.0.hp", 4)],
            ],
            forbidden: ["CANARY", "secret-"],
            finallySees: "late-1");

    [Fact]
    public Task A_user_removed_from_a_list_before_becoming_a_member_reads_what_they_saw_until_then() =>
        new LateMemberRun(fixture).RunAsync(
            late => [
                [Push("actors", new JsonObject { ["id"] = "late-1", ["visibility"] = new JsonArray(late), ["note"] = "seen while named" })],
                [Push("actors", new JsonObject { ["id"] = "pub-1", ["hp"] = 1 })],
                [Set("actors.0.note", "still seen while named")],
                [Set("actors.0.visibility", new JsonArray("someone-else"))],
                [Set("actors.0.note", "CANARY-after-removal")],
                [Op("actors.1.hp", "inc", 1)],
                [Push("actors", new JsonObject { ["id"] = "secret-1", ["visibility"] = "gm", ["loot"] = "CANARY-GM-1" })],
            ],
            forbidden: ["CANARY", "secret-"],
            finallySees: null);

    [Fact]
    public async Task Users_who_share_a_payload_share_one_stored_entry_and_the_unnamed_payload_is_stored_once()
    {
        // The session's one member is SessionScenario.Player; "not-yet" is named without being a member.
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        var listed = new JsonArray(SessionScenario.Player, "not-yet");
        var start = await session.VersionAsync();
        await session.ApplyAsync(Push("actors", new JsonObject { ["id"] = "listed", ["visibility"] = listed }));
        await session.ApplyAsync(Set("pluginData.x", 1));
        await session.ApplyAsync(Op("actors.0.hp", "inc", 1)); // a1 comes before "listed"; its index is the same in every view

        foreach (var fromLog in new[] { false, true })
        {
            if (fromLog)
            {
                await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            }

            var read = await session.Grain.ReadBroadcastsSinceAsync(start);
            Assert.Null(read.Error);
            var (push, plugin, inc) = (read.Updates![0].Members!, read.Updates[1].Members!, read.Updates[2].Members!);
            var named = Assert.Single(push.Named);
            Assert.Equal(["not-yet", SessionScenario.Player], named.UserIds.Order(StringComparer.Ordinal));
            Assert.Contains("\"listed\"", System.Text.Encoding.UTF8.GetString(named.UpdatedJson), StringComparison.Ordinal);
            Assert.DoesNotContain("\"listed\"", System.Text.Encoding.UTF8.GetString(push.OthersJson), StringComparison.Ordinal);
            Assert.Empty(plugin.Named);
            Assert.Empty(inc.Named);
        }
    }

    private static StateOperation Push(string path, JsonNode value) => new(path, OperationKinds.Push, JsonSerializer.SerializeToElement(value));

    private static StateOperation Set<T>(string path, T value) => new(path, OperationKinds.Set, JsonSerializer.SerializeToElement(value));

    private static StateOperation Op<T>(string path, string operation, T value) => new(path, operation, JsonSerializer.SerializeToElement(value));

    private sealed class LateMemberRun(GatewayFixture fixture)
    {
        private readonly string _run = $"late{Guid.NewGuid():N}"[..14];
        private readonly Dictionary<long, string> _gmStates = [];

        private string Gm => _run + "-gm";

        private string Late => _run + "-late";

        /// <param name="updates">The GM's updates, made before the late user is a member (given their id).</param>
        /// <param name="forbidden">Text the late user must never receive (canaries at places hidden from them at every version).</param>
        /// <param name="finallySees">An entity id the late user sees at the last version, or null when they see none of the listed ones.</param>
        public async Task RunAsync(Func<string, StateOperation[][]> updates, string[] forbidden, string? finallySees)
        {
            using var gmHttp = await fixture.Gateway.HttpAsAsync(Gm);
            var campaignId = (await ReadAsync(await gmHttp.PostAsJsonAsync("/api/campaigns", new { name = "Late members" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
            var sessionId = (await ReadAsync(await gmHttp.PostAsync($"/api/campaigns/{campaignId}/sessions", null), HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;

            await using var gm = await RecordingHubClient.ConnectAsync(fixture.Gateway, Gm);
            var gmJoin = await gm.JoinAsync(sessionId);
            var document = GameStateDocument.Parse(gmJoin.GetProperty("gameState").GetRawText());
            var since = document.Version;
            _gmStates[since] = document.ToJsonString();
            foreach (var operations in updates(Late))
            {
                Assert.True(document.Apply(operations, 0).Success, $"the test's own update at {document.Version} does not apply");
                var response = await gm.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(sessionId, document.Version - 1, operations));
                Assert.True(response.GetProperty("success").GetBoolean(), response.GetRawText());
                _gmStates[document.Version] = document.ToJsonString();
            }

            var final = document.Version;
            (await gmHttp.PostAsJsonAsync($"/api/campaigns/{campaignId}/members", new { userId = Late })).Dispose();

            await using var late = await RecordingHubClient.ConnectAsync(fixture.SecondGateway, Late);
            var join = await late.JoinAsync(sessionId);
            Assert.True(join.GetProperty("success").GetBoolean(), join.GetRawText());
            AssertNone(forbidden, join.GetRawText(), "join");
            Assert.Equal(Expected(final), ExpectedView.Canonical(JsonNode.Parse(join.GetProperty("gameState").GetRawText())));

            var history = await late.InvokeAsync(HubProtocol.Methods.RequestSince, sessionId, since.ToString(CultureInfo.InvariantCulture));
            var events = history.GetProperty("updates").EnumerateArray().ToList();
            Assert.Equal(final - since, events.Count);

            // The first version hides nothing (a new session of a campaign without entities), so it is the late user's too.
            var copy = new MemberCopy(_gmStates[since]);
            foreach (var updated in events)
            {
                AssertNone(forbidden, updated.GetRawText(), "requestSince");
                copy.Apply(updated);
                var expected = Expected(copy.Version);
                var actual = ExpectedView.Canonical(copy.State);
                Assert.True(expected == actual, $"version {copy.Version}:\nexpected {expected}\nactual   {actual}\nevent    {updated.GetRawText()}");
            }

            var ids = copy.State["actors"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()).ToList();
            Assert.Equal(finallySees is not null, ids.Contains("late-1"));

            using var lateHttp = await fixture.Gateway.HttpAsAsync(Late);
            var rest = await ReadAsync(await lateHttp.GetAsync($"/api/sessions/{sessionId}/updates?since={since}"), HttpStatusCode.OK);
            AssertNone(forbidden, rest.GetRawText(), "REST updates");
            Assert.Equal(
                events.Select(e => ExpectedView.Canonical(JsonNode.Parse(e.GetRawText()))),
                rest.GetProperty("updates").EnumerateArray().Select(e => ExpectedView.Canonical(JsonNode.Parse(e.GetRawText()))));
        }

        /// <summary>The late user's view of the GM's state at <paramref name="version"/> by the engine, checked against the contract's reading.</summary>
        private string Expected(long version)
        {
            var engine = ExpectedView.Canonical(JsonNode.Parse(StateView.ToUtf8Bytes(GameStateDocument.Parse(_gmStates[version]), Late)));
            Assert.Equal(ExpectedView.Canonical(ExpectedView.Of(JsonNode.Parse(_gmStates[version])!, Late)), engine);
            return engine;
        }

        private static void AssertNone(string[] forbidden, string text, string where)
        {
            foreach (var secret in forbidden)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"the late member received '{secret}' in {where}: {text}");
            }
        }
    }
}
