using System.Text;
using System.Text.Json;
using Orleans.GameState.Client.Plugins;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.FunctionalTests;

/// <summary>
/// Updates the hub cannot take (over its size limit, or nested deeper than SignalR's JSON reader goes) make the gateway
/// close the connection instead of answering; the SDK refuses them before sending, so they fail once instead of
/// closing the connection after every reconnection.
/// </summary>
[Collection(ClientCollection.Name)]
public sealed class MessageLimitTests(ClientFixture fixture)
{
    [Fact]
    public async Task The_deepest_value_the_hub_reads_is_applied_and_one_level_more_fails_without_being_sent()
    {
        var session = await fixture.CreateSessionAsync(players: 0);
        await using var gm = fixture.NewClient(session.Gm);
        await gm.JoinAsync(session.SessionId);

        var deepest = await gm.UpdateAsync(Set("pluginData.deep", Nested(59))).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(deepest.Success, deepest.Error?.Message);

        var tooDeep = await gm.UpdateAsync(Set("pluginData.deeper", Nested(60))).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(ErrorCodes.ValidationError, tooDeep.Error?.Code);
        Assert.Contains("nested", tooDeep.Error!.Message);

        var after = await gm.UpdateAsync(StateOps.Set("pluginData.after", 1)).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(after.Success, after.Error?.Message);
        Assert.Equal(0, gm.Statistics.Reconnects);
        Assert.Equal(2, gm.Statistics.UpdatesSent);
        Assert.Equal("3", after.NewVersion);
    }

    [Fact]
    public async Task An_update_over_the_message_limit_fails_without_being_sent()
    {
        var session = await fixture.CreateSessionAsync(players: 0);
        await using var gm = fixture.NewClient(session.Gm);
        await gm.JoinAsync(session.SessionId);

        var response = await gm.UpdateAsync(StateOps.Set("pluginData.notes", new string('x', 1024 * 1024))).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(ErrorCodes.ValidationError, response.Error?.Code);
        Assert.Contains("message limit", response.Error!.Message);
        Assert.Equal(0, gm.Statistics.UpdatesSent);
        Assert.Equal(0, gm.Statistics.Reconnects);
        Assert.Equal(1, await session.ServerVersionAsync());
    }

    private static string Nested(int depth) => new StringBuilder().Insert(0, "{\"a\":", depth - 1).Append("{}").Append('}', depth - 1).ToString();

    private static StateOperation Set(string path, string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 1024 });
        return new StateOperation(path, OperationKinds.Set, document.RootElement.Clone());
    }
}
