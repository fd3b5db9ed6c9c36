using System.Text;
using System.Text.Json;
using Orleans.GameState.Client.Internal;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.UnitTests;

public sealed class HubMessageLimitsTests
{
    [Fact]
    public void An_ordinary_update_passes() =>
        Assert.Null(HubMessageLimits.Check(Update(Set("pluginData.hp", "12")), 1024 * 1024));

    [Fact]
    public void An_update_over_the_message_limit_is_refused_with_its_size()
    {
        var error = HubMessageLimits.Check(Update(Set("pluginData.notes", JsonSerializer.Serialize(new string('x', 2000)))), 1024);
        Assert.Equal(ErrorCodes.ValidationError, error?.Code);
        Assert.Contains("over the hub's message limit of 1024 bytes", error!.Message);
    }

    [Theory]
    [InlineData(59, false)] // the deepest value the gateway's JSON reader still takes inside an update
    [InlineData(60, true)]
    [InlineData(200, true)] // deeper than the serialiser itself writes
    public void A_value_nested_deeper_than_the_hub_reads_is_refused(int depth, bool refused)
    {
        var error = HubMessageLimits.Check(Update(Set("pluginData.deep", Nested(depth))), 1024 * 1024);
        Assert.Equal(refused, error is not null);
        if (refused)
        {
            Assert.Contains("may nest at most 59 levels", error!.Message);
        }
    }

    [Theory]
    [InlineData("{}", 1)]
    [InlineData("[[],{\"a\":[1]}]", 3)]
    [InlineData("\"[[[\"", 0)]
    public void Depth_counts_objects_and_arrays_not_brackets_in_strings(string json, int expected) =>
        Assert.Equal(expected, HubMessageLimits.Depth(Encoding.UTF8.GetBytes(json)));

    private static string Nested(int depth) => new StringBuilder().Insert(0, "{\"a\":", depth - 1).Append("{}").Append('}', depth - 1).ToString();

    private static StateOperation Set(string path, string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 1024 });
        return new StateOperation(path, OperationKinds.Set, document.RootElement.Clone());
    }

    private static StateUpdate Update(StateOperation operation) => new("u-1", "s-1", "1", [operation], 0, UpdateSources.Gm);
}
