using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Orleans.GameState.Gateway.FunctionalTests;

/// <summary>
/// docs/api.md: "Every error in every response (hub or REST) is {code, message}". Each case here once came back with an
/// empty body (malformed bodies, wrong JSON types, content types, query flags, unknown routes; a storage outage is in
/// <see cref="StorageOutageTests"/>).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RestErrorBodyTests(GatewayFixture fixture)
{
    private const string Gm = "errors-gm";

    private GatewayServer Gateway => fixture.Gateway;

    [Theory]
    [InlineData("POST", "/api/campaigns/{campaign}/items", """{"id":"a" """, "body")]
    [InlineData("POST", "/api/campaigns/{campaign}/items", """{"id":"a"} x""", "body")]
    [InlineData("POST", "/api/campaigns/{campaign}/items", "", "body")]
    [InlineData("PUT", "/api/campaigns/{campaign}/items/a", """{"id":"a" """, "body")]
    [InlineData("PUT", "/api/campaigns/{campaign}/items/a", "", "body")]
    [InlineData("POST", "/api/campaigns", "[1,2]", "body")]
    [InlineData("POST", "/api/campaigns", "\"x\"", "body")]
    [InlineData("POST", "/api/campaigns", "null", "body")]
    [InlineData("POST", "/api/campaigns", """{"name":5}""", "name")]
    [InlineData("POST", "/api/campaigns", """{"name":""}""", "name")]
    [InlineData("POST", "/api/campaigns", """{"name":"x",}""", "body")]
    [InlineData("POST", "/api/campaigns/{campaign}/members", """{"userId":5}""", "userId")]
    [InlineData("POST", "/api/campaigns/{campaign}/members", """["a"]""", "body")]
    [InlineData("POST", "/api/dev/token", """{"userId":5}""", "userId")]
    [InlineData("POST", "/api/dev/token", """{"userId":""", "body")]
    [InlineData("POST", "/api/campaigns", """{"name":"\ud800"}""", "body")]
    [InlineData("POST", "/api/campaigns/{campaign}/items", """{"id":"s1","name":"\ud800"}""", "body")]
    [InlineData("POST", "/api/campaigns/{campaign}/items", """{"id":"s1","\udc00":1}""", "body")]
    [InlineData("PUT", "/api/campaigns/{campaign}/items/a", """{"id":"a","name":"\udfff"}""", "body")]
    [InlineData("POST", "/api/campaigns/{campaign}/items", """{"id":"a\u0000b"}""", "id")]
    [InlineData("POST", "/api/campaigns/{campaign}/items", """{"id":".."}""", "id")]
    [InlineData("POST", "/api/campaigns/{campaign}/items", """{"id":"."}""", "id")]
    [InlineData("POST", "/api/campaigns/{campaign}/members", """{"userId":"a\u0000b"}""", "userId")]
    [InlineData("POST", "/api/dev/token", """{"userId":"a\u0000b"}""", "userId")]
    public async Task Malformed_and_wrongly_typed_bodies_are_400_validation_errors_naming_the_field(string method, string route, string body, string field)
    {
        using var gm = await Gateway.HttpAsAsync(Gm);
        var campaignId = await CreateCampaignAsync(gm);
        using var request = new HttpRequestMessage(new HttpMethod(method), route.Replace("{campaign}", campaignId, StringComparison.Ordinal))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };

        var message = await ExpectErrorAsync(await gm.SendAsync(request), HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.StartsWith(field + ":", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData(null)]
    public async Task A_json_body_is_read_whatever_the_content_type_says(string? contentType)
    {
        using var gm = await Gateway.HttpAsAsync(Gm);

        using var campaign = await gm.PostAsync("/api/campaigns", Body("""{"name":"Plain"}""", contentType));
        var campaignId = (await ReadAsync(campaign, HttpStatusCode.Created)).GetProperty("id").GetString();
        using var item = await gm.PostAsync($"/api/campaigns/{campaignId}/items", Body("""{"id":"rope"}""", contentType));
        using var member = await gm.PostAsync($"/api/campaigns/{campaignId}/members", Body("""{"userId":"plain-player"}""", contentType));
        using var replaced = await gm.PutAsync($"/api/campaigns/{campaignId}/items/rope", Body("""{"id":"rope","length":10}""", contentType));

        Assert.Equal("rope", (await ReadAsync(item, HttpStatusCode.Created)).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NoContent, member.StatusCode);
        Assert.Equal(10, (await ReadAsync(replaced, HttpStatusCode.OK)).GetProperty("length").GetInt32());
    }

    [Theory]
    [InlineData("", new[] { "kept" })]
    [InlineData("?includeDeleted=true", new[] { "gone", "kept" })]
    [InlineData("?includeDeleted=TRUE", new[] { "gone", "kept" })]
    [InlineData("?includeDeleted=1", new[] { "gone", "kept" })]
    [InlineData("?includeDeleted", new[] { "gone", "kept" })]
    [InlineData("?includeDeleted=", new[] { "gone", "kept" })]
    [InlineData("?includeDeleted=false", new[] { "kept" })]
    [InlineData("?includeDeleted=False", new[] { "kept" })]
    [InlineData("?includeDeleted=0", new[] { "kept" })]
    public async Task Lists_take_includeDeleted_as_true_false_1_0_or_a_bare_flag(string query, string[] expected)
    {
        using var gm = await Gateway.HttpAsAsync(Gm);
        var campaignId = await CreateCampaignAsync(gm);
        (await gm.PostAsJsonAsync($"/api/campaigns/{campaignId}/items", new { id = "kept" })).Dispose();
        (await gm.PostAsJsonAsync($"/api/campaigns/{campaignId}/items", new { id = "gone" })).Dispose();
        (await gm.PutAsJsonAsync($"/api/campaigns/{campaignId}/items/gone", new { id = "gone", deleted = true })).Dispose();

        var listed = await ReadAsync(await gm.GetAsync($"/api/campaigns/{campaignId}/items{query}"), HttpStatusCode.OK);

        Assert.Equal(expected, listed.EnumerateArray().Select(e => e.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("?includeDeleted=yes")]
    [InlineData("?includeDeleted=2")]
    [InlineData("?includeDeleted=true&includeDeleted=false")]
    public async Task Any_other_includeDeleted_is_a_400_validation_error(string query)
    {
        using var gm = await Gateway.HttpAsAsync(Gm);
        var campaignId = await CreateCampaignAsync(gm);

        var message = await ExpectErrorAsync(await gm.GetAsync($"/api/campaigns/{campaignId}/items{query}"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.StartsWith("includeDeleted:", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("01")]
    [InlineData("+1")]
    [InlineData("")]
    public async Task Updates_since_takes_only_canonical_versions(string since)
    {
        using var gm = await Gateway.HttpAsAsync(Gm);
        var campaignId = await CreateCampaignAsync(gm);
        var sessionId = (await ReadAsync(await gm.PostAsync($"/api/campaigns/{campaignId}/sessions", null), HttpStatusCode.Created)).GetProperty("sessionId").GetString();

        var message = await ExpectErrorAsync(await gm.GetAsync($"/api/sessions/{sessionId}/updates?since={Uri.EscapeDataString(since)}"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.StartsWith("since:", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/nope")]
    [InlineData("GET", "/api/campaigns/c-1/items/a/b")]
    [InlineData("PATCH", "/api/campaigns/c-1/items/a")]
    public async Task Unknown_routes_and_methods_answer_with_the_error_body(string method, string route)
    {
        using var gm = await Gateway.HttpAsAsync(Gm);

        using var response = await gm.SendAsync(new HttpRequestMessage(new HttpMethod(method), route));

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, response.StatusCode.ToString());
        await ExpectErrorAsync(response, response.StatusCode, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task Created_resources_carry_their_location()
    {
        using var gm = await Gateway.HttpAsAsync(Gm);

        using var campaign = await gm.PostAsJsonAsync("/api/campaigns", new { name = "Located" });
        var campaignId = (await ReadAsync(campaign, HttpStatusCode.Created)).GetProperty("id").GetString();
        using var named = await gm.PostAsJsonAsync($"/api/campaigns/{campaignId}/characters", new { id = "a b/c" });
        using var assigned = await gm.PostAsJsonAsync($"/api/campaigns/{campaignId}/items", new { name = "Lamp" });
        var assignedId = (await ReadAsync(assigned, HttpStatusCode.Created)).GetProperty("id").GetString();
        using var session = await gm.PostAsync($"/api/campaigns/{campaignId}/sessions", null);
        var sessionId = (await ReadAsync(session, HttpStatusCode.Created)).GetProperty("sessionId").GetString();

        Assert.Equal($"/api/campaigns/{campaignId}", campaign.Headers.Location?.OriginalString);
        Assert.Equal($"/api/campaigns/{campaignId}/characters/a%20b%2Fc", named.Headers.Location?.OriginalString);
        Assert.Equal($"/api/campaigns/{campaignId}/items/{assignedId}", assigned.Headers.Location?.OriginalString);
        Assert.Equal($"/api/sessions/{sessionId}/state", session.Headers.Location?.OriginalString);
        using var followed = await gm.GetAsync(named.Headers.Location);
        Assert.Equal("a b/c", (await ReadAsync(followed, HttpStatusCode.OK)).GetProperty("id").GetString());
    }

    private static HttpContent Body(string json, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        return content;
    }

    private static async Task<string> CreateCampaignAsync(HttpClient gm) =>
        (await ReadAsync(await gm.PostAsJsonAsync("/api/campaigns", new { name = "Errors" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts the status and the <c>{error: {code, message}}</c> body; answers the message.</summary>
    private static async Task<string> ExpectErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        using (response)
        {
            var error = (await ReadAsync(response, status)).GetProperty("error");
            Assert.Equal(code, error.GetProperty("code").GetString());
            var message = error.GetProperty("message").GetString();
            Assert.False(string.IsNullOrWhiteSpace(message));
            Assert.Equal(2, error.EnumerateObject().Count());
            return message!;
        }
    }
}
