using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;
using Xunit.Abstractions;

namespace Orleans.GameState.Gateway.FunctionalTests;

/// <summary>
/// The randomized leak test of CONTRACT section 7, end to end: a GM changes a session at random (adds, changes, hides,
/// reveals and removes entities, changes visibility lists, writes inside and around gmOnly keys) while three players
/// with different visibility follow it over real SignalR connections on two gateways. Secret canary strings and ids
/// live only where some player may not look. For every version each player's copy, built only from what they
/// received, must equal the view computed here (independently of the server's code) from the GM's state, and nothing
/// a player receives (events, join, requestFull, requestSince, REST) may hold a canary or an id hidden from them.
/// The seed is printed on failure.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ViewLeakTests(GatewayFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public Task Players_follow_their_views_and_nothing_hidden_reaches_them() =>
        RunAsync(Environment.TickCount, updates: 250);

    [Fact]
    [Trait("Category", "Slow")]
    public Task Players_follow_their_views_and_nothing_hidden_reaches_them_over_thousands_of_updates() =>
        RunAsync(Environment.TickCount, updates: 2500);

    private async Task RunAsync(int seed, int updates)
    {
        output.WriteLine($"seed {seed}");
        try
        {
            await new LeakRun(fixture, seed).RunAsync(updates);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"view leak test failed with seed {seed} ({updates} updates): {e.Message}\n{e}");
        }
    }

    private sealed class LeakRun(GatewayFixture fixture, int seed)
    {
        private readonly Random _random = new(seed);
        private readonly string _run = $"leak{Guid.NewGuid():N}"[..14];
        private readonly Dictionary<long, JsonNode> _gmStates = [];
        private int _counter;

        private string Gm => _run + "-gm";

        private string[] Players => [_run + "-player1", _run + "-player2", _run + "-player3"];

        /// <summary>What player k (0-based) must never receive: GM secrets, and the other players' private entities.</summary>
        private string[] Forbidden(int k) =>
            ["CANARY-GM", "secret-", .. Enumerable.Range(0, 3).Where(q => q != k).SelectMany(q => new[] { $"CANARY-P{q}", $"only-P{q}-" })];

        public async Task RunAsync(int updates)
        {
            using var gmHttp = await fixture.Gateway.HttpAsAsync(Gm);
            var campaignId = (await Json(await gmHttp.PostAsJsonAsync("/api/campaigns", new { name = "Leaks" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
            foreach (var player in Players)
            {
                (await gmHttp.PostAsJsonAsync($"/api/campaigns/{campaignId}/members", new { userId = player })).Dispose();
            }

            foreach (var kind in new[] { "characters", "actors", "items" })
            {
                for (var i = 0; i < 4; i++)
                {
                    using var content = new StringContent(NewEntity().ToJsonString(), System.Text.Encoding.UTF8, "application/json");
                    (await gmHttp.PostAsync($"/api/campaigns/{campaignId}/{kind}", content)).Dispose();
                }
            }

            var sessionId = (await Json(await gmHttp.PostAsync($"/api/campaigns/{campaignId}/sessions", null), HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;

            await using var gm = await RecordingHubClient.ConnectAsync(fixture.Gateway, Gm);
            var clients = new RecordingHubClient[3];
            var joins = new JsonElement[3];
            for (var k = 0; k < 3; k++)
            {
                clients[k] = await RecordingHubClient.ConnectAsync(k == 1 ? fixture.SecondGateway : fixture.Gateway, Players[k]);
            }

            try
            {
                var gmJoin = await gm.JoinAsync(sessionId);
                var document = GameStateDocument.Parse(gmJoin.GetProperty("gameState").GetRawText());
                _gmStates[document.Version] = JsonNode.Parse(document.ToJsonString())!;
                for (var k = 0; k < 3; k++)
                {
                    joins[k] = await clients[k].JoinAsync(sessionId);
                    Assert.True(joins[k].GetProperty("success").GetBoolean(), joins[k].GetRawText());
                    AssertNoLeak(k, joins[k].GetRawText(), "join");
                }

                // An encounter with tokens of every kind, then random updates.
                await SendAsync(gm, sessionId, document, [new StateOperation("currentEncounter", "set", Element(new JsonObject
                {
                    ["encounter"] = new JsonObject { ["id"] = "e1", ["gmOnly"] = new JsonObject { ["plan"] = "CANARY-GM-plan" } },
                    ["map"] = null,
                    ["tokens"] = new JsonArray(NewEntity(), NewEntity(), NewEntity(), NewEntity()),
                }))]);
                var sent = 1;
                while (sent < updates)
                {
                    var operations = RandomOperations(document, _random.Next(1, 4));
                    if (operations.Count > 0 && await SendAsync(gm, sessionId, document, operations))
                    {
                        sent++;
                    }
                }

                var final = document.Version;
                for (var k = 0; k < 3; k++)
                {
                    Assert.True(await clients[k].WaitUntilAsync(c => c.UpdatedVersions.Contains(final), TimeSpan.FromSeconds(30)), $"player {k} did not reach version {final}");
                    CheckCopy(k, joins[k], clients[k]);
                    await CheckReadsAsync(k, clients[k], sessionId, campaignId, final);
                }

                await CheckStateAsAsync(gmHttp, sessionId, final);
            }
            finally
            {
                foreach (var client in clients)
                {
                    await client.DisposeAsync();
                }
            }
        }

        /// <summary>Applies locally first (the engine refusing means the random update was not valid: skipped), then sends.</summary>
        private async Task<bool> SendAsync(RecordingHubClient gm, string sessionId, GameStateDocument document, List<StateOperation> operations)
        {
            var version = document.Version;
            if (!document.Apply(operations, 0).Success)
            {
                return false;
            }

            // A fast machine sends faster than the gateway's per-connection rate: RATE_LIMITED is resent (same id) after
            // a pause, as the SDKs do, so the run measures views and not the limit.
            var update = Ops.Update(sessionId, version, [.. operations]);
            var response = await gm.InvokeAsync(HubProtocol.Methods.Update, update);
            for (var attempt = 1; attempt <= 20 && IsRateLimited(response); attempt++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
                response = await gm.InvokeAsync(HubProtocol.Methods.Update, update);
            }

            Assert.True(response.GetProperty("success").GetBoolean(), response.GetRawText());
            Assert.Equal(document.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), response.GetProperty("newVersion").GetString());
            _gmStates[document.Version] = JsonNode.Parse(document.ToJsonString())!;
            return true;
        }

        private static bool IsRateLimited(JsonElement response) =>
            response.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
            && error.GetProperty("code").GetString() == ErrorCodes.RateLimited;

        /// <summary>Rebuilds the player's copy from the join and the events, version by version, against the expected views.</summary>
        private void CheckCopy(int k, JsonElement join, RecordingHubClient client)
        {
            var copy = new MemberCopy(join.GetProperty("gameState").GetRawText());
            Assert.Equal(Canonical(View(_gmStates[copy.Version], Players[k])), Canonical(copy.State));
            foreach (var updated in client.Updated)
            {
                AssertNoLeak(k, updated.GetRawText(), HubProtocol.Events.Updated);
                copy.Apply(updated);
                var expected = Canonical(View(_gmStates[copy.Version], Players[k]));
                var actual = Canonical(copy.State);
                Assert.True(expected == actual, $"player {k} at version {copy.Version}:\nexpected {expected}\nactual   {actual}\nlast event {updated.GetRawText()}");
            }

            foreach (var started in client.EncountersStarted)
            {
                AssertNoLeak(k, started.GetRawText(), HubProtocol.Events.EncounterStarted);
            }
        }

        /// <summary>requestFull, requestSince and the REST reads: each the player's view, none leaking.</summary>
        private async Task CheckReadsAsync(int k, RecordingHubClient client, string sessionId, string campaignId, long final)
        {
            var expected = Canonical(View(_gmStates[final], Players[k]));
            var full = await client.InvokeAsync(HubProtocol.Methods.RequestFull, sessionId);
            AssertNoLeak(k, full.GetRawText(), "requestFull");
            Assert.Equal(expected, Canonical(JsonNode.Parse(full.GetProperty("gameState").GetRawText())));

            // History per view, from memory and from the log: the same payloads the player received live.
            var since = final - 12;
            var history = await client.InvokeAsync(HubProtocol.Methods.RequestSince, sessionId, since.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AssertNoLeak(k, history.GetRawText(), "requestSince");
            var live = client.Updated.Where(u => long.Parse(u.GetProperty("newVersion").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > since)
                .Select(u => Canonical(JsonNode.Parse(u.GetRawText()))).ToList();
            Assert.Equal(live, history.GetProperty("updates").EnumerateArray().Select(u => Canonical(JsonNode.Parse(u.GetRawText()))).ToList());

            using var http = await fixture.Gateway.HttpAsAsync(Players[k]);
            var state = await (await http.GetAsync($"/api/sessions/{sessionId}/state")).Content.ReadAsStringAsync();
            AssertNoLeak(k, state, "REST state");
            Assert.Equal(expected, Canonical(JsonNode.Parse(state)!["gameState"]));
            AssertNoLeak(k, await (await http.GetAsync($"/api/sessions/{sessionId}/updates?since={since}")).Content.ReadAsStringAsync(), "REST updates");
            Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/sessions/{sessionId}/state?as={Players[(k + 1) % 3]}")).StatusCode);
            foreach (var kind in new[] { "characters", "actors", "items", "encounters" })
            {
                AssertNoLeak(k, await (await http.GetAsync($"/api/campaigns/{campaignId}/{kind}?includeDeleted=true")).Content.ReadAsStringAsync(), $"REST {kind}");
            }

            // A hidden entity does not exist for the player, by id.
            var hiddenActor = _gmStates[final]["actors"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()).FirstOrDefault(id => id.StartsWith("secret-", StringComparison.Ordinal));
            if (hiddenActor is not null)
            {
                var byId = await http.GetAsync($"/api/campaigns/{campaignId}/actors/{hiddenActor}");
                var body = await byId.Content.ReadAsStringAsync();
                Assert.True(byId.StatusCode is HttpStatusCode.NotFound, $"{hiddenActor}: {byId.StatusCode} {body}");
                Assert.DoesNotContain("CANARY", body, StringComparison.Ordinal); // the id in the message is the one the player asked for
            }
        }

        private async Task CheckStateAsAsync(HttpClient gmHttp, string sessionId, long final)
        {
            for (var k = 0; k < 3; k++)
            {
                var answer = await Json(await gmHttp.GetAsync($"/api/sessions/{sessionId}/state?as={Players[k]}"), HttpStatusCode.OK);
                var state = JsonNode.Parse(answer.GetProperty("gameState").GetRawText());
                if (state!["stateVersion"]!.GetValue<string>() == final.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    Assert.Equal(Canonical(View(_gmStates[final], Players[k])), Canonical(state));
                }
            }

            Assert.Equal(HttpStatusCode.NotFound, (await gmHttp.GetAsync($"/api/sessions/{sessionId}/state?as={_run}-stranger")).StatusCode);
            var gmState = await Json(await gmHttp.GetAsync($"/api/sessions/{sessionId}/state"), HttpStatusCode.OK);
            Assert.Equal(Canonical(_gmStates[final]), Canonical(JsonNode.Parse(gmState.GetProperty("gameState").GetRawText())));
        }

        private void AssertNoLeak(int k, string text, string where)
        {
            foreach (var secret in Forbidden(k))
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"player {k} received '{secret}' in {where}: {text}");
            }
        }

        // ---- random changes ---------------------------------------------------------------------------------------

        /// <summary>
        /// An entity of one of three classes: "m-" (ordinary, its visibility changes at random, never a canary outside
        /// gmOnly), "secret-" (visibility "gm" for good, canaries anywhere), "only-P{k}-" (visible to player k alone
        /// for good, canaries for player k).
        /// </summary>
        private JsonObject NewEntity()
        {
            var n = ++_counter;
            var kind = _random.Next(5);
            var entity = kind switch
            {
                0 => new JsonObject { ["id"] = $"secret-{n}", ["visibility"] = "gm", ["loot"] = $"CANARY-GM-{n}" },
                1 => new JsonObject { ["id"] = $"only-P{n % 3}-{n}", ["visibility"] = new JsonArray(Players[n % 3]), ["note"] = $"CANARY-P{n % 3}-{n}" },
                _ => new JsonObject { ["id"] = $"m-{n}", ["name"] = $"name-{n}" },
            };
            entity["hp"] = _random.Next(3);
            if (kind >= 2 && RandomMarker() is { } marker)
            {
                entity["visibility"] = marker;
            }

            if (_random.Next(3) == 0)
            {
                entity["gmOnly"] = new JsonObject { ["s"] = $"CANARY-GM-{n}" };
            }

            return entity;
        }

        private JsonNode? RandomMarker() => _random.Next(8) switch
        {
            0 => "gm",
            1 => "all",
            2 => new JsonArray(Players[0]),
            3 => new JsonArray(Players[1], Players[2]),
            4 => new JsonArray(),
            5 => new JsonArray(Players[0], Players[2]),
            _ => null,
        };

        /// <summary>
        /// Each operation is made against the state the ones before it leave (a scratch copy), so an earlier unset or pull
        /// cannot shift an index under a later one and put a canary where the generator did not mean it to go.
        /// </summary>
        private List<StateOperation> RandomOperations(GameStateDocument document, int count)
        {
            var scratch = GameStateDocument.Parse(document.ToJsonString());
            var operations = new List<StateOperation>();
            for (var j = 0; j < count; j++)
            {
                if (RandomOperation(scratch) is { } operation && scratch.Apply([operation], 0).Success)
                {
                    operations.Add(operation);
                }
            }

            return operations;
        }

        private StateOperation? RandomOperation(GameStateDocument document)
        {
            var state = JsonNode.Parse(document.ToJsonString())!;
            var arrays = state["currentEncounter"] is JsonObject ? new[] { "characters", "actors", "items", "currentEncounter.tokens" } : ["characters", "actors", "items"];
            var arrayPath = arrays[_random.Next(arrays.Length)];
            var array = (JsonArray)(arrayPath == "currentEncounter.tokens" ? state["currentEncounter"]!["tokens"]! : state[arrayPath]!);
            var n = ++_counter;
            if (array.Count == 0 || _random.Next(10) == 0)
            {
                return new StateOperation(arrayPath, "push", Element(NewEntity()));
            }

            var i = _random.Next(array.Count);
            var id = array[i]!["id"]!.GetValue<string>();
            var ordinary = id.StartsWith("m-", StringComparison.Ordinal);
            var secretText = id.StartsWith("secret-", StringComparison.Ordinal) ? $"CANARY-GM-{n}" : id.StartsWith("only-", StringComparison.Ordinal) ? $"CANARY-{id[5..7]}-{n}" : $"text-{n}";
            var at = $"{arrayPath}.{i}";
            return _random.Next(15) switch
            {
                0 => new StateOperation($"{at}.hp", "inc", Element(1)),
                1 => new StateOperation($"{at}.note", "set", Element(secretText)),
                2 => new StateOperation($"{at}.gmOnly.s", "set", Element($"CANARY-GM-{n}")),
                3 => new StateOperation($"{at}.gmOnly", "unset"),
                4 or 5 when ordinary => RandomMarker() is { } marker ? new StateOperation($"{at}.visibility", "set", Element(marker)) : new StateOperation($"{at}.visibility", "unset"),
                6 when ordinary => new StateOperation(at, "set", Element(WithId(NewOrdinary(), id))),
                7 => new StateOperation(at, "unset"),
                8 => new StateOperation(arrayPath, "pull", Element(new JsonObject { ["hp"] = _random.Next(3) })),
                9 => new StateOperation(arrayPath, "push", Element(NewEntity())),
                10 => new StateOperation($"pluginData.gmOnly.k{n % 4}", "set", Element($"CANARY-GM-{n}")),
                11 => new StateOperation($"pluginData.public.k{n % 4}", "set", Element(new JsonObject { ["v"] = n, ["gmOnly"] = $"CANARY-GM-{n}" })),
                12 when ordinary && array[i]!["visibility"] is JsonArray => new StateOperation($"{at}.visibility", "push", Element(Players[_random.Next(3)])),
                13 => new StateOperation($"{at}.stats", "set", Element(new JsonObject { ["str"] = n, ["gmOnly"] = new JsonObject { ["x"] = $"CANARY-GM-{n}" } })),
                _ => new StateOperation($"{at}.hp", "set", Element(_random.Next(3))),
            };
        }

        private JsonObject NewOrdinary()
        {
            JsonObject entity;
            do
            {
                entity = NewEntity();
            }
            while (!entity["id"]!.GetValue<string>().StartsWith("m-", StringComparison.Ordinal));

            return entity;
        }

        private static JsonObject WithId(JsonObject entity, string id)
        {
            entity["id"] = id;
            return entity;
        }

        private static JsonElement Element(JsonNode? node) => JsonSerializer.SerializeToElement(node);

        private static JsonElement Element<T>(T value) => JsonSerializer.SerializeToElement(value);

        private static JsonNode View(JsonNode gmState, string user) => ExpectedView.Of(gmState, user);

        private static string Canonical(JsonNode? node) => ExpectedView.Canonical(node);

        private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
        {
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
                return JsonDocument.Parse(body).RootElement.Clone();
            }
        }
    }
}
