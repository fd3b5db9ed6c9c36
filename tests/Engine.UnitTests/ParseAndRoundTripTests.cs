using System.Text;
using System.Text.Json;
using static Orleans.GameState.Engine.UnitTests.TestState;

namespace Orleans.GameState.Engine.UnitTests;

public sealed class ParseAndRoundTripTests
{
    [Fact]
    public void Canonical_json_round_trips_byte_for_byte()
    {
        var doc = Sample();
        Assert.Equal(SampleJson, doc.ToJsonString());
        Assert.Equal(Encoding.UTF8.GetBytes(SampleJson), doc.ToUtf8Bytes());
        Assert.Equal(Encoding.UTF8.GetByteCount(SampleJson), doc.SizeBytes);
        Assert.Equal(5, doc.Version);
        Assert.Equal(1764000000000, doc.LastUpdated);
    }

    [Fact]
    public void Key_order_numbers_and_text_are_kept_exactly()
    {
        const string json = """{"pluginData":{"z":1,"a":2,"m":{"y":1.0,"b":-0,"c":1e5,"d":1.50,"e":123456789012345678901234567890,"f":-9223372036854775808,"g":0.1E-7}},"stateVersion":"12","items":[],"lastUpdated":-5,"actors":[{"zz":1,"id":"a"}],"characters":[{"id":"é-日本","name":"héllo \"quoted\" \\ back\nline\ttab 😀 <&> \u0001"}],"currentEncounter":null}""";
        var doc = GameStateDocument.Parse(json);
        var written = doc.ToJsonString();
        Assert.StartsWith("""{"pluginData":{"z":1,"a":2,"m":{"y":1.0,"b":-0,"c":1e5,"d":1.50,"e":123456789012345678901234567890,"f":-9223372036854775808,"g":0.1E-7}},"stateVersion":"12","items":[],"lastUpdated":-5,"actors":[{"zz":1,"id":"a"}]""", written);
        Assert.Contains("\"id\":\"é-日本\"", written);
        Assert.Contains("<&>", written);
        Assert.Equal(written.Length > 0 ? Encoding.UTF8.GetByteCount(written) : 0, doc.SizeBytes);

        // Text values survive exactly, and writing again is idempotent.
        Assert.True(doc.TryGetEntity("characters", "é-日本", out var character));
        Assert.Equal("héllo \"quoted\" \\ back\nline\ttab 😀 <&> \u0001", character!["name"]!.GetValue<string>());
        Assert.Equal(written, GameStateDocument.Parse(written).ToJsonString());
        Assert.Equal(12, doc.Version);
    }

    [Fact]
    public void Escaped_input_is_written_with_minimal_escaping()
    {
        const string json = """{"characters":[],"actors":[],"items":[],"currentEncounter":null,"pluginData":{"s":"caf\u00e9 \u0041"},"stateVersion":"1","lastUpdated":0}""";
        var doc = GameStateDocument.Parse(json);
        Assert.Contains("\"s\":\"café A\"", doc.ToJsonString());
        Assert.Equal(Encoding.UTF8.GetByteCount(doc.ToJsonString()), doc.SizeBytes);
    }

    [Fact]
    public void Whitespace_is_dropped_and_size_is_of_the_compact_form()
    {
        var spaced = SampleJson.Replace(",", ", ").Replace(":", ": ");
        var doc = GameStateDocument.Parse(Encoding.UTF8.GetBytes(spaced));
        Assert.Equal(SampleJson, doc.ToJsonString());
        Assert.Equal(SampleJson.Length, doc.SizeBytes);
    }

    [Fact]
    public void WriteTo_writes_the_same_json()
    {
        var doc = Sample();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            doc.WriteTo(writer);
        }

        Assert.Equal(SampleJson, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Numbers_inserted_by_operations_keep_their_text()
    {
        var doc = Sample();
        doc.ApplyOk(Set("pluginData.n", "[1.0,1e2,-0,1.50,100000000000000000000000]"));
        Assert.Equal("[1.0,1e2,-0,1.50,100000000000000000000000]", doc.Get("pluginData.n"));
        AssertConsistent(doc);
    }

    [Theory]
    [InlineData("not json", "")]
    [InlineData("[]", "")]
    [InlineData("""{"characters":[],"actors":[],"items":[],"currentEncounter":null,"pluginData":{},"stateVersion":"1"}""", "lastUpdated")]
    [InlineData("""{"characters":[],"items":[],"currentEncounter":null,"pluginData":{},"stateVersion":"1","lastUpdated":1}""", "actors")]
    [InlineData("""{"characters":[],"actors":[],"items":[],"currentEncounter":null,"pluginData":{},"stateVersion":"1","lastUpdated":1,"extra":1}""", "extra")]
    [InlineData("""{"characters":[],"actors":[],"items":[],"currentEncounter":null,"pluginData":{},"stateVersion":1,"lastUpdated":1}""", "stateVersion")]
    [InlineData("""{"characters":[],"actors":[],"items":[],"currentEncounter":null,"pluginData":{},"stateVersion":"01","lastUpdated":1}""", "stateVersion")]
    [InlineData("""{"characters":[],"actors":[],"items":[],"currentEncounter":null,"pluginData":{},"stateVersion":"1","lastUpdated":1.5}""", "lastUpdated")]
    [InlineData("""{"characters":[{"id":"a"},{"id":"b"},{}],"actors":[],"items":[],"currentEncounter":null,"pluginData":{},"stateVersion":"1","lastUpdated":1}""", "characters.2.id")]
    [InlineData("""{"characters":[],"actors":[{"id":"a"},{"id":"a"}],"items":[],"currentEncounter":null,"pluginData":{},"stateVersion":"1","lastUpdated":1}""", "actors.1.id")]
    [InlineData("""{"characters":[],"actors":[],"items":{},"currentEncounter":null,"pluginData":{},"stateVersion":"1","lastUpdated":1}""", "items")]
    [InlineData("""{"characters":[],"actors":[],"items":[],"currentEncounter":{"encounter":{"id":"e"},"map":null,"tokens":[{"id":"t"},{"id":"t"}]},"pluginData":{},"stateVersion":"1","lastUpdated":1}""", "currentEncounter.tokens.1.id")]
    [InlineData("""{"characters":[],"actors":[],"items":[],"currentEncounter":null,"pluginData":[],"stateVersion":"1","lastUpdated":1}""", "pluginData")]
    public void Parse_checks_the_whole_shape(string json, string path)
    {
        var e = Assert.Throws<StateValidationException>(() => GameStateDocument.Parse(json));
        Assert.Equal(path, e.Path);
        Assert.False(string.IsNullOrEmpty(e.Rule));
        Assert.Equal(path.Length == 0 ? e.Rule : $"{path}: {e.Rule}", e.Message);
    }

    [Fact]
    public void Parse_rejects_duplicate_keys_anywhere()
    {
        var e = Assert.Throws<StateValidationException>(() => GameStateDocument.Parse("""{"characters":[{"id":"a","x":1,"x":2}],"actors":[],"items":[],"currentEncounter":null,"pluginData":{},"stateVersion":"1","lastUpdated":1}"""));
        Assert.Contains("valid JSON", e.Rule);
    }

    [Fact]
    public void Lone_surrogates_are_refused_in_states_and_in_values()
    {
        var e = Assert.Throws<StateValidationException>(() => GameStateDocument.Parse("""{"characters":[{"id":"\uD800"}],"actors":[],"items":[],"currentEncounter":null,"pluginData":{},"stateVersion":"1","lastUpdated":1}"""));
        Assert.Contains("not valid Unicode", e.Message);
        Assert.Contains("not valid Unicode", Sample().ApplyFails(Set("pluginData.s", "\"\\uDC00\"")));
    }

    [Fact]
    public void Parse_accepts_documents_deeper_than_changes_may_build()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100));
        var json = $$"""{"characters":[],"actors":[],"items":[],"currentEncounter":null,"pluginData":{"deep":{{deep}}},"stateVersion":"1","lastUpdated":1}""";
        Assert.Equal(json, GameStateDocument.Parse(json).ToJsonString());
    }

    [Theory]
    [InlineData("pluginData.deep", 60, true)] // the state reaches 62 levels: the join answer around it reaches 64
    [InlineData("pluginData.deep", 61, false)]
    [InlineData("pluginData.a.b.c.deep", 57, true)]
    [InlineData("pluginData.a.b.c.deep", 58, false)]
    public void Changes_may_nest_the_state_at_most_62_levels_deep_so_clients_can_read_it(string path, int valueDepth, bool accepted)
    {
        var doc = Sample();
        var value = string.Concat(Enumerable.Repeat("[", valueDepth)) + string.Concat(Enumerable.Repeat("]", valueDepth));
        if (accepted)
        {
            doc.ApplyOk(Set(path, value));
            Assert.Equal(62, Depth(doc.ToJsonString()));
        }
        else
        {
            Assert.Contains("nested too deeply", doc.ApplyFails(Set(path, value)));
            Assert.Contains("nested too deeply", doc.ApplyFails(Push(path, value[1..^1])));
        }
    }

    private static int Depth(string json)
    {
        var reader = new System.Text.Json.Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json), new System.Text.Json.JsonReaderOptions { MaxDepth = 1000 });
        var deepest = 0;
        while (reader.Read())
        {
            deepest = Math.Max(deepest, reader.CurrentDepth + (reader.TokenType is System.Text.Json.JsonTokenType.StartObject or System.Text.Json.JsonTokenType.StartArray ? 1 : 0));
        }

        return deepest;
    }

    [Fact]
    public void Create_builds_a_fresh_state_from_backing_models()
    {
        using var source = JsonDocument.Parse("""[{"id":"c1","hp":1.0},{"id":"c2"}]""");
        var doc = GameStateDocument.Create(
            source.RootElement.EnumerateArray().ToList(),
            [Json("""{"id":"a1"}""")],
            [],
            version: 1,
            lastUpdated: 1764000000000);
        source.Dispose();
        Assert.Equal("""{"characters":[{"id":"c1","hp":1.0},{"id":"c2"}],"actors":[{"id":"a1"}],"items":[],"currentEncounter":null,"pluginData":{},"stateVersion":"1","lastUpdated":1764000000000}""", doc.ToJsonString());
        Assert.Equal(1, doc.Version);
        Assert.Null(doc.CurrentEncounter);
        AssertConsistent(doc);
        Assert.Equal(doc.ToJsonString(), GameStateDocument.Parse(doc.ToJsonString()).ToJsonString());
    }

    [Theory]
    [InlineData("""[{"name":"x"}]""", "characters.0.id")]
    [InlineData("""[{"id":""}]""", "characters.0.id")]
    [InlineData("""[{"id":"a"},{"id":"a"}]""", "characters.1.id")]
    [InlineData("""[5]""", "characters.0")]
    [InlineData("""[{"id":"a","k":1,"k":2}]""", "characters.0")]
    public void Create_rejects_invalid_entities(string characters, string path)
    {
        var e = Assert.Throws<StateValidationException>(() =>
            GameStateDocument.Create(Json(characters).EnumerateArray().ToList(), [], [], 1, 0));
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void Create_enforces_the_state_size_limit()
    {
        var big = Json("{\"id\":\"c\",\"bio\":\"" + new string('x', 1000) + "\"}");
        var e = Assert.Throws<StateValidationException>(() => GameStateDocument.Create([big], [], [], 1, 0, new StateLimits(MaxStateBytes: 500)));
        Assert.Contains("over the limit of 500 bytes", e.Message);
    }

    [Fact]
    public void Lookups()
    {
        var doc = Sample();
        Assert.True(doc.TryGetEntity("characters", "c2", out var c2));
        Assert.Equal("Bram", c2!["name"]!.GetValue<string>());
        Assert.True(doc.TryGetEntity("tokens", "t2", out _));
        Assert.True(doc.TryGetEntity("items", "i1", out _));
        Assert.False(doc.TryGetEntity("actors", "nobody", out var none));
        Assert.Null(none);
        Assert.Throws<ArgumentOutOfRangeException>(() => doc.TryGetEntity("maps", "m1", out _));
        Assert.Equal(1, doc.IndexOfEntity("characters", "c2"));
        Assert.Equal(1, doc.IndexOfEntity("tokens", "t2"));
        Assert.Equal(-1, doc.IndexOfEntity("characters", "zz"));
        Assert.Equal("\"5\"", doc.Get("stateVersion"));
        Assert.Equal("2", doc.Get("pluginData.dice.last.1"));
        Assert.Null(doc.GetValue("pluginData.dice.last.01"));
        Assert.Null(doc.GetValue("pluginData.nothing.x"));
        Assert.Null(doc.GetValue("characters.0.name.x"));
        Assert.Null(doc.GetValue(""));
        Assert.Equal("e1", doc.CurrentEncounter!["encounter"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void Limits_default_when_not_given()
    {
        Assert.Equal(StateLimits.Default, Sample().Limits);
        var limits = new StateLimits(5, 6, 7000);
        Assert.Same(limits, Sample(limits).Limits);
    }
}
