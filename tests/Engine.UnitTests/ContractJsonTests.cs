using System.Text.Json;
using static Orleans.GameState.Engine.UnitTests.TestState;

namespace Orleans.GameState.Engine.UnitTests;

/// <summary>The DTOs on the wire with <see cref="ContractJson.Options"/>.</summary>
public sealed class ContractJsonTests
{
    private static StateOperation ReadOp(string json) => JsonSerializer.Deserialize<StateOperation>(json, ContractJson.Options)!;

    [Fact]
    public void Value_null_is_kept_apart_from_value_absent()
    {
        var withNull = ReadOp("""{"path":"pluginData.x","operation":"set","value":null}""");
        Assert.True(withNull.HasValue);
        Assert.Equal(JsonValueKind.Null, withNull.Value.ValueKind);

        var absent = ReadOp("""{"path":"pluginData.x","operation":"set"}""");
        Assert.False(absent.HasValue);

        var doc = Sample();
        doc.ApplyOk(withNull);
        Assert.Contains("set requires a value", doc.ApplyFails(absent));
    }

    [Fact]
    public void Previous_is_omitted_when_absent_and_written_when_null()
    {
        var doc = Sample();
        doc.ApplyOk(Set("pluginData.n", "null"));
        var update = doc.ApplyOk(Set("pluginData.n", "1"), Set("pluginData.fresh", "2"), Push("pluginData.log", "3"), Pull("pluginData.log", "9"));
        var json = JsonSerializer.Serialize(update.Operations, ContractJson.Options);
        Assert.Equal(
            """[{"path":"pluginData.n","operation":"set","value":1,"previous":null},{"path":"pluginData.fresh","operation":"set","value":2},{"path":"pluginData.log","operation":"push","value":3},{"path":"pluginData.log","operation":"pull","value":9,"previous":[]}]""",
            json);
    }

    [Fact]
    public void Unset_is_written_without_value()
    {
        var update = Sample().ApplyOk(Unset("characters.0.hp"));
        Assert.Equal("""[{"path":"characters.0.hp","operation":"unset","previous":10}]""", JsonSerializer.Serialize(update.Operations, ContractJson.Options));
    }

    [Fact]
    public void A_StateUpdate_reads_in_camelCase()
    {
        var update = JsonSerializer.Deserialize<StateUpdate>(
            """{"id":"u1","sessionId":"s1","version":"5","operations":[{"path":"characters.0.hp","operation":"inc","value":-2}],"timestamp":1764000000000,"source":"gm"}""",
            ContractJson.Options)!;
        Assert.Equal("u1", update.Id);
        Assert.Equal("s1", update.SessionId);
        Assert.Equal("5", update.Version);
        Assert.Equal("gm", update.Source);
        Assert.Equal(1764000000000, update.Timestamp);
        Assert.Null(StateUpdateValidator.Validate(update));
        var doc = Sample();
        doc.ApplyOk([.. update.Operations!]);
        Assert.Equal("8", doc.Get("characters.0.hp"));
    }

    [Fact]
    public void A_broadcast_round_trips_and_replays_to_the_same_state()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Pull("pluginData.dice.last", "2"), Set("characters.0.stats.str", "13"), Unset("characters.1"));
        var broadcast = new UpdateBroadcast("s1", "u1", "5", "6", update.Operations, 1, UpdateSources.Gm);
        var json = JsonSerializer.Serialize(broadcast, ContractJson.Options);
        Assert.Contains("\"previous\":[{\"index\":1,\"value\":2}]", json);
        Assert.StartsWith("""{"sessionId":"s1","updateId":"u1","previousVersion":"5","newVersion":"6","operations":[""", json);

        var read = JsonSerializer.Deserialize<UpdateBroadcast>(json, ContractJson.Options)!;
        var replica = Sample();
        var replayed = replica.Apply(read.Operations, update.NewVersion == 6 ? 1764000000123 : 0);
        Assert.True(replayed.Success);
        Assert.Equal(doc.ToJsonString(), replica.ToJsonString());
    }

    [Fact]
    public void ErrorInfo_omits_currentVersion_when_null()
    {
        Assert.Equal("""{"code":"VALIDATION_ERROR","message":"m"}""", JsonSerializer.Serialize(new ErrorInfo(ErrorCodes.ValidationError, "m"), ContractJson.Options));
        Assert.Equal("""{"code":"VERSION_CONFLICT","message":"m","currentVersion":"3"}""", JsonSerializer.Serialize(new ErrorInfo(ErrorCodes.VersionConflict, "m", "3"), ContractJson.Options));
    }
}
