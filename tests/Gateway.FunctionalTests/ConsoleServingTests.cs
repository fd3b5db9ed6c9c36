using System.Net;
using Microsoft.Extensions.Options;

namespace Orleans.GameState.Gateway.FunctionalTests;

/// <summary>The gateway serves a built console folder at /console/ without a token, with the single-page fallback.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ConsoleServingTests(GatewayFixture fixture) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gamestate-console-").FullName;
    private GatewayServer _gateway = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "index.html"), "<!doctype html><title>console</title>");
        Directory.CreateDirectory(Path.Combine(_folder, "assets"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "assets", "index-abc123.js"), "console.log('hi')");
        _gateway = await GatewayServer.StartAsync(fixture.Cluster, new Dictionary<string, string?> { ["Console:Path"] = _folder });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Index_assets_and_app_routes_are_served_without_a_token()
    {
        using var index = await _gateway.Http.GetAsync("/console/");
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>console</title>", await index.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("no-cache", index.Headers.CacheControl?.ToString());

        using var asset = await _gateway.Http.GetAsync("/console/assets/index-abc123.js");
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("text/javascript", asset.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", asset.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);

        // A route of the single-page app (no extension) gets index.html; a missing asset is a plain 404.
        using var route = await _gateway.Http.GetAsync("/console/campaigns/c1/sessions/s1");
        Assert.Equal(HttpStatusCode.OK, route.StatusCode);
        Assert.Contains("<title>console</title>", await route.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var missing = await _gateway.Http.GetAsync("/console/assets/gone-999.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_bare_path_redirects_to_the_folder()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _gateway.Address };
        using var response = await client.GetAsync("/console");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Files_outside_the_folder_are_not_reachable()
    {
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(_folder)!, "outside-" + Path.GetFileName(_folder) + ".txt"), "secret");
        using var response = await _gateway.Http.GetAsync($"/console/..%2Foutside-{Path.GetFileName(_folder)}.txt");
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
        File.Delete(Path.Combine(Path.GetDirectoryName(_folder)!, "outside-" + Path.GetFileName(_folder) + ".txt"));
    }

    [Fact]
    public async Task Without_a_configured_path_the_console_is_not_served()
    {
        using var response = await fixture.Gateway.Http.GetAsync("/console/");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_path_that_does_not_exist_fails_the_start()
    {
        var missing = Path.Combine(_folder, "no-such-build");
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            GatewayServer.StartAsync(fixture.Cluster, new Dictionary<string, string?> { ["Console:Path"] = missing }));
        Assert.Contains("Console:Path", error.Message, StringComparison.Ordinal);
    }
}
