using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.GameState.Campaigns.FunctionalTests;

/// <summary>A campaign created straight on the grain, with the GM of <see cref="SessionScenario"/>, and helpers to drive it.</summary>
public sealed class CampaignScenario(IClusterClient client, string campaignId)
{
    public const string Gm = SessionScenario.Gm;
    public const string Player = SessionScenario.Player;
    public const string Stranger = SessionScenario.Stranger;

    /// <summary>How long a backing model may take to reflect an update in these tests (steady state is well under 1 s).</summary>
    public static readonly TimeSpan WriteThroughDeadline = TimeSpan.FromSeconds(10);

    public string CampaignId { get; } = campaignId;

    public ICampaignGrain Grain => client.GetGrain<ICampaignGrain>(CampaignId);

    public static async Task<CampaignScenario> CreateAsync(IClusterClient client, bool withPlayer = true)
    {
        var scenario = new CampaignScenario(client, CampaignIds.NewCampaignId());
        await scenario.Grain.CreateAsync("The Lost Mine", Gm);
        if (withPlayer)
        {
            Assert.Null((await scenario.Grain.AddMemberAsync(Gm, Player)).Error);
        }

        return scenario;
    }

    public async Task<JsonElement> CreateEntityAsync(string kind, object entity)
    {
        var reply = await Grain.CreateEntityAsync(Gm, kind, JsonSerializer.Serialize(entity, ContractJson.Options));
        Assert.True(reply.Error is null, reply.Error?.Message);
        return Parse(reply.Json!);
    }

    public async Task<JsonElement?> GetEntityAsync(string kind, string id)
    {
        var reply = await Grain.GetEntityAsync(Gm, kind, id);
        if (reply.Error is { Code: CampaignReply.NotFoundCode })
        {
            return null;
        }

        Assert.True(reply.Error is null, reply.Error?.Message);
        return Parse(reply.Json!);
    }

    public async Task<IReadOnlyList<JsonElement>> ListAsync(string kind, bool includeDeleted = false)
    {
        var reply = await Grain.ListEntitiesAsync(Gm, kind, includeDeleted);
        Assert.True(reply.Error is null, reply.Error?.Message);
        return Parse(reply.Json!).EnumerateArray().ToList();
    }

    public async Task<SessionScenario> CreateSessionAsync()
    {
        var reply = await Grain.CreateSessionAsync(Gm);
        Assert.True(reply.Error is null, reply.Error?.Message);
        var created = Parse(reply.Json!);
        Assert.Equal("1", created.GetProperty("stateVersion").GetString());
        return new SessionScenario(client, created.GetProperty("sessionId").GetString()!);
    }

    /// <summary>Waits (bounded) until the stored entity satisfies <paramref name="done"/>; fails with the last one seen.</summary>
    public async Task<JsonElement?> WaitForEntityAsync(string kind, string id, Func<JsonElement?, bool> done, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? WriteThroughDeadline);
        JsonElement? entity;
        while (true)
        {
            entity = await GetEntityAsync(kind, id);
            if (done(entity))
            {
                return entity;
            }

            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"{kind}/{id} did not converge; last seen: {entity?.GetRawText() ?? "(none)"}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the stored entity equals <paramref name="expected"/> exactly (as JSON).</summary>
    public Task<JsonElement?> WaitForEntityEqualAsync(string kind, string id, JsonElement expected) =>
        WaitForEntityAsync(kind, id, entity => entity is { } e && JsonEquals(e, expected));

    public Task<JsonElement?> WaitForDeletedAsync(string kind, string id) =>
        WaitForEntityAsync(kind, id, entity => entity is { } e && e.TryGetProperty("deleted", out var d) && d.ValueKind == JsonValueKind.True);

    public static bool JsonEquals(JsonElement a, JsonElement b) => JsonNode.DeepEquals(JsonNode.Parse(a.GetRawText()), JsonNode.Parse(b.GetRawText()));

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
