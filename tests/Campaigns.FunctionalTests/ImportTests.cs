using System.Text.Json;
using Orleans.GameState.Import.Bundles;
using Orleans.GameState.Import.Importing;

namespace Orleans.GameState.Campaigns.FunctionalTests;

/// <summary>The import CLI: a bundle creates everything once; the same bundle again changes nothing; a bad one writes nothing.</summary>
[Collection(CampaignClusterCollection.Name)]
public sealed class ImportTests(CampaignClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task Importing_a_bundle_twice_creates_everything_once_and_then_changes_nothing()
    {
        var campaignId = CampaignIds.NewCampaignId();
        var hydratedId = CampaignIds.NewSessionId();
        var bundle = new
        {
            format = BundleReader.Format,
            campaign = new { id = campaignId, name = "Imported", gmUserId = "gm-import", memberUserIds = new[] { "p1", "p2" } },
            entities = new Dictionary<string, object[]>
            {
                [EntityKinds.Characters] = Enumerable.Range(1, 450).Select(i => (object)new { id = $"c{i}", name = $"Hero {i}", hp = i }).ToArray(),
                [EntityKinds.Actors] = [new { id = "a1", name = "Goblin" }],
                [EntityKinds.Items] = [new { id = "i1", name = "Rope" }, new { id = "i2", name = "Lamp", deleted = true }],
                [EntityKinds.Encounters] = [new { id = "e1", name = "Ambush", tokens = Array.Empty<object>() }],
                [EntityKinds.Maps] = [new { id = "m1", name = "Forest" }],
            },
            sessions = new object[]
            {
                new { id = hydratedId },
                new
                {
                    state = new
                    {
                        characters = new[] { new { id = "c1", name = "Hero 1", hp = 1 }, new { id = "c-only-in-state", name = "Stray", hp = 3 } },
                        actors = Array.Empty<object>(),
                        items = Array.Empty<object>(),
                        currentEncounter = new { encounter = new { id = "e2", name = "Siege" }, map = (object?)null, tokens = new[] { new { id = "t1" } } },
                        pluginData = new { dice = "d20" },
                        stateVersion = "57",
                        lastUpdated = 1764000000000,
                    },
                },
            },
        };
        var path = await WriteAsync(bundle);

        var (exit, output, errors) = await RunAsync(path);
        Assert.True(exit == ImportCommand.Ok, errors);
        Assert.Contains("entities 200/", output);

        var campaign = Client.GetGrain<ICampaignGrain>(campaignId);
        var info = await campaign.GetInfoAsync();
        Assert.Equal(("Imported", "gm-import"), (info!.Name, info.GmUserId));
        Assert.Equal(["p1", "p2"], info.MemberUserIds);
        var characters = CampaignScenario.Parse((await campaign.ListEntitiesAsync("gm-import", EntityKinds.Characters, false)).Json!);
        Assert.Equal(451, characters.GetArrayLength());
        Assert.Single(CampaignScenario.Parse((await campaign.ListEntitiesAsync("p1", EntityKinds.Items, false)).Json!).EnumerateArray());
        Assert.Null((await campaign.GetEntityAsync("p2", EntityKinds.Encounters, "e2")).Error);

        var hydrated = await Client.GetGrain<Sessions.IGameSessionGrain>(hydratedId).GetStateAsync("p1");
        using (var state = JsonDocument.Parse(hydrated.StateJson!))
        {
            Assert.Equal("1", state.RootElement.GetProperty("stateVersion").GetString());
            Assert.Equal(451, state.RootElement.GetProperty("characters").GetArrayLength()); // with the one only the other session's state had
            Assert.Equal(["i1"], state.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        }

        var withState = await Client.GetGrain<Sessions.IGameSessionGrain>(BundleReader.DerivedSessionId(campaignId, 1)).GetStateAsync("gm-import");
        Assert.Equal(57, withState.Version);
        // Imported at 57: nothing happened after its origin, which is not lost history.
        var since = await Client.GetGrain<Sessions.IGameSessionGrain>(BundleReader.DerivedSessionId(campaignId, 1)).GetUpdatesSinceAsync("p1", 0);
        Assert.Null(since.Error);
        Assert.Empty(since.Updates!);

        var rowsBefore = await RowsAsync(campaignId);
        (exit, output, errors) = await RunAsync(path);
        Assert.True(exit == ImportCommand.Ok, errors);
        Assert.Contains("done: campaign " + campaignId + ": 0 created or changed", output);
        Assert.Equal(rowsBefore, await RowsAsync(campaignId));
    }

    [Fact]
    public async Task A_malformed_bundle_is_refused_with_every_bad_place_named_and_nothing_written()
    {
        var campaignId = CampaignIds.NewCampaignId();
        var path = await WriteAsync(new
        {
            campaign = new { id = campaignId, name = "Broken", gmUserId = "gm-broken", memberUserIds = new object[] { "p1", 7 } },
            entities = new Dictionary<string, object[]>
            {
                [EntityKinds.Characters] = [new { id = "c1" }, new { name = "no id" }, new { id = "c1" }],
                [EntityKinds.Encounters] = [new { id = "e1", tokens = new[] { new { id = "t" }, new { id = "t" } } }],
                ["spells"] = [new { id = "s1" }],
            },
            sessions = new object[] { new { state = new { characters = "none" } } },
            extra = true,
        });
        var connected = false;

        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await ImportCommand.RunAsync(
            ["import", path], _ => { connected = true; return Task.FromResult<IGrainFactory>(Client); }, output, errors, CancellationToken.None);

        Assert.Equal(ImportCommand.InvalidBundle, exit);
        Assert.False(connected);
        var message = errors.ToString();
        Assert.Contains("$.campaign.memberUserIds[1]", message);
        Assert.Contains("$.entities.characters[1].id", message);
        Assert.Contains("$.entities.characters[2].id: 'c1' appears twice", message);
        Assert.Contains("$.entities.encounters[0].tokens.1.id: must be unique", message);
        Assert.Contains("$.entities.spells", message);
        Assert.Contains("$.sessions[0].state", message);
        Assert.Contains("$.extra", message);
        Assert.Equal((0L, 0L), await RowsAsync(campaignId));
        Assert.Null(await Client.GetGrain<ICampaignGrain>(campaignId).GetInfoAsync());
    }

    [Fact]
    public async Task Usage_and_unreadable_files_are_refused()
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        Task<IGrainFactory> Connect(CancellationToken _) => throw new InvalidOperationException("must not connect");

        Assert.Equal(ImportCommand.Usage, await ImportCommand.RunAsync([], Connect, output, errors, CancellationToken.None));
        Assert.Equal(ImportCommand.Usage, await ImportCommand.RunAsync(["import", "/nonexistent/bundle.json"], Connect, output, errors, CancellationToken.None));
        var notJson = Path.GetTempFileName();
        await File.WriteAllTextAsync(notJson, "{ not json");
        Assert.Equal(ImportCommand.InvalidBundle, await ImportCommand.RunAsync(["import", notJson], Connect, output, errors, CancellationToken.None));
        Assert.Contains("not valid JSON", errors.ToString());
    }

    private async Task<(int Exit, string Output, string Errors)> RunAsync(string path)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await ImportCommand.RunAsync(["import", path], _ => Task.FromResult<IGrainFactory>(Client), output, errors, CancellationToken.None);
        return (exit, output.ToString(), errors.ToString());
    }

    /// <summary>The campaign's grain-state rows and the sum of their versions (every write adds 1), plus its sessions.</summary>
    private async Task<(long Rows, long Versions)> RowsAsync(string campaignId)
    {
        var storage = fixture.Cluster.Storage;
        var rows = await storage.ScalarAsync<long>($"SELECT count(*) FROM orleans_grain_state WHERE grain_id_extension LIKE '{campaignId}%'")
            + await storage.ScalarAsync<long>($"SELECT count(*) FROM game_session WHERE campaign_id = '{campaignId}'");
        var versions = await storage.ScalarAsync<long>($"SELECT coalesce(sum(version), 0)::bigint FROM orleans_grain_state WHERE grain_id_extension LIKE '{campaignId}%'")
            + await storage.ScalarAsync<long>($"SELECT coalesce(sum(version), 0)::bigint FROM game_session_snapshot n JOIN game_session s USING (session_id) WHERE s.campaign_id = '{campaignId}'");
        return (rows, versions);
    }

    private static async Task<string> WriteAsync(object bundle)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bundle-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(bundle, ContractJson.Options));
        return path;
    }
}
