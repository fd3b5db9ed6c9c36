using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.GameState.Gateway.FunctionalTests;

/// <summary>The OpenAPI document and the API reference (docs/history-and-admin.md), served without a token.</summary>
[Collection(GatewayCollection.Name)]
public sealed partial class OpenApiTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Every_route_the_gateway_maps_is_in_the_document_with_its_schemas_and_error_statuses()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Gateway.Address };
        using var response = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        var documented = paths.EnumerateObject().Select(p => Normalize(p.Name)).ToHashSet();

        var mapped = fixture.Gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!)
            .Select(Normalize)
            .Where(p => !p.StartsWith("/docs/", StringComparison.Ordinal) || p == "/docs/{}")
            .Distinct()
            .ToList();

        Assert.NotEmpty(mapped);
        Assert.All(mapped, route => Assert.True(documented.Contains(route), $"{route} is mapped but not in the OpenAPI document"));

        // Every API operation names its error statuses with the error body, and its success schema where it has a body.
        foreach (var path in paths.EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var responses = operation.Value.GetProperty("responses");
                Assert.True(responses.TryGetProperty("401", out _), $"{operation.Name} {path.Name}: no 401");
                Assert.True(responses.TryGetProperty("503", out var unavailable), $"{operation.Name} {path.Name}: no 503");
                Assert.True(unavailable.GetProperty("content").GetProperty("application/json").TryGetProperty("schema", out _));
                Assert.Contains(responses.EnumerateObject(), r => r.Name.StartsWith('2'));
            }
        }

        var revertSchemaHolder = paths.GetProperty("/api/sessions/{sessionId}/state").GetProperty("get").GetProperty("responses");
        Assert.True(revertSchemaHolder.TryGetProperty("410", out _));
        Assert.True(paths.GetProperty("/api/campaigns").GetProperty("post").TryGetProperty("requestBody", out _));
    }

    [Fact]
    public async Task The_api_reference_page_is_served_without_a_token()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Gateway.Address };
        using var response = await anonymous.GetAsync("/docs/v1");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Scalar's page loads the document relative to the application's base path.
        Assert.Contains("openapi/v1.json", body, StringComparison.Ordinal);
    }

    /// <summary>Route parameters compared by position only ("{sessionId}" and "{id}" alike), constraints and optional marks dropped.</summary>
    private static string Normalize(string pattern) => Parameter().Replace("/" + pattern.Trim('/'), "{}");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
