using System.Reflection;
using Orleans.GameState.Entities;
using Orleans.GameState.Grains.Campaigns;

namespace Orleans.GameState.Campaigns.FunctionalTests;

/// <summary>
/// The two traps of Orleans' ADO.NET grain storage, shown not to apply: keys that parse as (hex) integers
/// collide ("1", "01", "001" would be one row), and two grain classes with the same state name and key
/// share one row.
/// </summary>
[Collection(CampaignClusterCollection.Name)]
public sealed class StorageTrapTests(CampaignClusterFixture fixture)
{
    [Fact]
    public async Task Numeric_looking_entity_ids_and_equal_ids_of_different_kinds_get_rows_of_their_own()
    {
        var scenario = await CampaignScenario.CreateAsync(fixture.Client);
        string[] ids = ["1", "01", "001", "7B", "abc", "1+2", "a/b", "00000000000000000000000000000001"];
        foreach (var id in ids)
        {
            await scenario.CreateEntityAsync(EntityKinds.Characters, new { id, body = $"character {id}" });
            await scenario.CreateEntityAsync(EntityKinds.Actors, new { id, body = $"actor {id}" });
        }

        foreach (var id in ids)
        {
            Assert.Equal($"character {id}", (await scenario.GetEntityAsync(EntityKinds.Characters, id))!.Value.GetProperty("body").GetString());
            Assert.Equal($"actor {id}", (await scenario.GetEntityAsync(EntityKinds.Actors, id))!.Value.GetProperty("body").GetString());
            Assert.StartsWith("c-", EntityKeys.For(scenario.CampaignId, EntityKinds.Characters, id));
        }

        // In the table: one row per entity, each stored under its string key (never as a number), payload readable JSON.
        var storage = fixture.Cluster.Storage;
        var prefix = $"{scenario.CampaignId}/";
        Assert.Equal(2L * ids.Length, await storage.ScalarAsync<long>(
            $"SELECT count(*) FROM orleans_grain_state WHERE grain_id_extension LIKE '{prefix}%'"));
        Assert.Equal(0L, await storage.ScalarAsync<long>(
            $"SELECT count(*) FROM orleans_grain_state WHERE grain_id_extension LIKE '{prefix}%' AND (grain_id_n0 <> 0 OR grain_id_n1 <> 0 OR payload_json IS NULL)"));
        Assert.Equal("character 01", await storage.ScalarAsync<string>(
            $"SELECT payload_json->'body'->>'body' FROM orleans_grain_state WHERE grain_id_extension = '{prefix}characters/01'"));
        Assert.Equal(1L, await storage.ScalarAsync<long>(
            $"SELECT count(*) FROM orleans_grain_state WHERE grain_id_extension = '{scenario.CampaignId}' AND payload_json->>'gmUserId' = '{CampaignScenario.Gm}'"));
    }

    [Fact]
    public void Every_grain_class_has_a_state_name_of_its_own()
    {
        var grainTypes = typeof(CampaignGrain).Assembly.GetTypes().Where(t => typeof(Grain).IsAssignableFrom(t) && !t.IsAbstract);
        var uses = grainTypes
            .SelectMany(type => type.GetConstructors().SelectMany(c => c.GetParameters())
                .Select(p => p.GetCustomAttribute<PersistentStateAttribute>())
                .Where(a => a is not null)
                .Select(a => (Grain: type, a!.StateName, a.StorageName)))
            .Distinct()
            .ToList();

        Assert.Contains(uses, u => u.Grain == typeof(CampaignGrain));
        Assert.Contains(uses, u => u.Grain == typeof(Grains.Entities.EntityGrain));
        var shared = uses.GroupBy(u => (u.StateName, u.StorageName)).Where(g => g.Select(u => u.Grain).Distinct().Count() > 1).ToList();
        Assert.True(shared.Count == 0, $"state names shared by grain classes: {string.Join(", ", shared.Select(g => g.Key.StateName))}");
    }
}
