using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using Orleans.GameState.Testing;

namespace Orleans.GameState.Gateway.HardeningTests.Fuzz;

/// <summary>
/// Property-based hostile REST requests: every route shape (those of part two too), ids of every kind in every slot,
/// odd queries, bodies that are not JSON or not UTF-8, and callers with no, a bad, a player's or the GM's token.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class RestFuzzTests(HardeningFixture fixture)
{
    private static readonly string[] Routes =
    [
        "/api/campaigns", "/api/campaigns/{c}", "/api/campaigns/{c}/members", "/api/campaigns/{c}/members/{u}",
        "/api/campaigns/{c}/{kind}", "/api/campaigns/{c}/{kind}/{id}", "/api/campaigns/{c}/sessions",
        "/api/sessions/{s}/state", "/api/sessions/{s}/updates", "/api/sessions/{s}/end", "/api/dev/token",
    ];

    [Fact]
    public Task Rest_requests_get_only_contract_errors_and_rejected_ones_change_nothing() => RestAsync(FuzzBudget.RestRequests);

    [Fact]
    [Trait("Category", "Slow")]
    public Task Rest_requests_slow() => RestAsync(FuzzBudget.SlowRestRequests);

    private async Task RestAsync(int count)
    {
        var gmToken = await fixture.Gateway.TokenAsync(SessionScenario.Gm);
        var playerToken = await fixture.Gateway.TokenAsync(SessionScenario.Player);
        using var gm = await fixture.Gateway.HttpAsAsync(SessionScenario.Gm);
        var campaign = await IdRuleTests.CreateCampaignAsync(gm);
        using var sessionResponse = await gm.PostAsync($"/api/campaigns/{campaign}/sessions", null);
        using var sessionBody = JsonDocument.Parse(await sessionResponse.Content.ReadAsStringAsync());
        var session = sessionBody.RootElement.GetProperty("sessionId").GetString()!;
        var accepted = new HashSet<string>(StringComparer.Ordinal);

        var segment = Gen.Frequency(
            (2, Gen.OneOf(campaign, session, SessionScenario.Player, "i1", "characters")),
            (4, HostileInputs.Text.Select(Uri.EscapeDataString)),
            (1, Gen.OneOf("%FF", "%C3%28", "%ED%A0%80", "%00", "%2F%2F", "%25", "..", ".", "%2E%2E")));
        var query = Gen.Frequency(
            (3, Gen.Const("")),
            (2, Gen.Select(Gen.OneOf("since", "includeDeleted", "as", "at", "x"), HostileInputs.Text, (k, v) => $"?{k}={Uri.EscapeDataString(v)}")),
            (1, HostileInputs.Version.Select(v => $"?since={Uri.EscapeDataString(v.Trim('"'))}")));
        var body = Gen.Frequency(
            (2, Gen.Const((byte[]?)null)),
            (4, HostileInputs.Json(3).Select(json => (byte[]?)Encoding.UTF8.GetBytes(json))),
            (2, Gen.Select(Gen.OneOf("id", "name", "userId", "deleted", "visibility", "tokens"), HostileInputs.Json(2)).Array[0, 4]
                .Select(fields => (byte[]?)Encoding.UTF8.GetBytes($"{{{string.Join(',', fields.Select(f => $"\"{f.Item1}\":{f.Item2}"))}}}"))),
            (1, Gen.Byte.Array[0, 48].Select(bytes => (byte[]?)bytes)));
        var request = Gen.Select(
            Gen.OneOf("GET", "POST", "PUT", "DELETE", "PATCH"),
            Gen.OneOf(Routes),
            Gen.Select(segment, segment, segment, Gen.OneOf("characters", "actors", "items", "encounters", "maps", "sessions", "members", "x", "%20")),
            query,
            body,
            Gen.Frequency((6, Gen.Const("gm")), (2, Gen.Const("player")), (1, Gen.Const("none")), (1, Gen.Const("bad"))));

        await request.SampleAsync(
            async (method, route, slots, search, content, caller) =>
            {
                var path = route.Replace("{c}", slots.Item1, StringComparison.Ordinal).Replace("{s}", slots.Item1 == campaign ? session : slots.Item1, StringComparison.Ordinal)
                    .Replace("{u}", slots.Item2, StringComparison.Ordinal).Replace("{id}", slots.Item3, StringComparison.Ordinal)
                    .Replace("{kind}", slots.Item4, StringComparison.Ordinal);
                using var message = new HttpRequestMessage(new HttpMethod(method), new Uri(fixture.Gateway.Address, path + search));
                if (content is not null)
                {
                    message.Content = new ByteArrayContent(content);
                    message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                }

                var token = caller switch { "gm" => gmToken, "player" => playerToken, "bad" => gmToken[..^4] + "AAAA", _ => null };
                if (token is not null)
                {
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                using var response = await fixture.Gateway.Http.SendAsync(message);
                var input = $"{method} {path}{search} as {caller} with {(content is null ? "no body" : Convert.ToHexString(content))}";
                await FuzzInvariants.RestResponseAsync(response, path + search, input);
                if ((int)response.StatusCode is 200 or 201 && method is "POST" or "PUT" && route.EndsWith("{kind}", StringComparison.Ordinal) | route.EndsWith("{id}", StringComparison.Ordinal))
                {
                    using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    if (created.RootElement.ValueKind == JsonValueKind.Object && created.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                    {
                        lock (accepted)
                        {
                            accepted.Add(id.GetString()!);
                        }
                    }
                }
            },
            seed: FuzzBudget.Seed, iter: count, threads: 1,
            print: r => $"{r.Item1} {r.Item2} {r.Item3} {r.Item4} {r.Item6} {(r.Item5 is null ? "-" : Convert.ToHexString(r.Item5))}");

        // Rejected requests stored nothing: the campaign holds only entities some request was answered 2xx for.
        foreach (var kind in new[] { "characters", "actors", "items", "encounters", "maps" })
        {
            using var list = JsonDocument.Parse(await gm.GetStringAsync($"/api/campaigns/{campaign}/{kind}?includeDeleted=true"));
            foreach (var entity in list.RootElement.EnumerateArray())
            {
                Assert.Contains(entity.GetProperty("id").GetString()!, accepted);
            }
        }

        await FuzzInvariants.ServerUpAsync(fixture.Gateway);
        FuzzInvariants.Logs(fixture.Logs, [gmToken, playerToken]);
    }
}
