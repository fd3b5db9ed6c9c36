using System.Net;
using System.Net.Http.Json;

using static Orleans.GameState.Gateway.FunctionalTests.HttpAnswers;

namespace Orleans.GameState.Gateway.FunctionalTests;

/// <summary>Every entity that can be created can be read and replaced, whatever its id needs percent-encoding for.</summary>
[Collection(GatewayCollection.Name)]
public sealed class EntityIdTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("100%")]
    [InlineData("x%2Fy")]
    [InlineData("a?b#c")]
    [InlineData("über/ñ")]
    public async Task An_id_that_must_be_percent_encoded_can_be_read_and_replaced(string id)
    {
        using var gm = await fixture.Gateway.HttpAsAsync("ids-gm");
        var campaignId = (await ReadAsync(await gm.PostAsJsonAsync("/api/campaigns", new { name = "Ids" }), HttpStatusCode.Created)).GetProperty("id").GetString();
        var route = $"/api/campaigns/{campaignId}/characters/{Uri.EscapeDataString(id)}";

        var created = await ReadAsync(await gm.PostAsJsonAsync($"/api/campaigns/{campaignId}/characters", new { id, hp = 1 }), HttpStatusCode.Created);
        var fetched = await ReadAsync(await gm.GetAsync(route), HttpStatusCode.OK);
        var replaced = await ReadAsync(await gm.PutAsJsonAsync(route, new { id, hp = 2 }), HttpStatusCode.OK);
        var again = await ReadAsync(await gm.GetAsync(route), HttpStatusCode.OK);

        Assert.Equal(id, created.GetProperty("id").GetString());
        Assert.Equal((id, 1), (fetched.GetProperty("id").GetString(), fetched.GetProperty("hp").GetInt32()));
        Assert.Equal((id, 2), (replaced.GetProperty("id").GetString(), replaced.GetProperty("hp").GetInt32()));
        Assert.Equal(2, again.GetProperty("hp").GetInt32());
    }
}
