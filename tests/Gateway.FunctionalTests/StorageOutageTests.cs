using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;

namespace Orleans.GameState.Gateway.FunctionalTests;

/// <summary>PostgreSQL refuses connections while a REST call needs it: on a cluster of its own, since the outage breaks pooled connections.</summary>
public sealed class StorageOutageTests
{
    [Fact]
    public async Task A_failure_in_the_cluster_is_a_503_transaction_failed_with_the_error_body_and_is_logged()
    {
        await using var cluster = await GameStateCluster.StartAsync("outage", silos: 1);
        var logs = new CapturingLoggerProvider();
        await using var gateway = await GatewayServer.StartAsync(cluster, configure: builder => builder.Logging.AddProvider(logs));
        using var gm = await gateway.HttpAsAsync("outage-gm");

        HttpResponseMessage response;
        await cluster.Storage.BlockConnectionsAsync();
        try
        {
            response = await gm.PostAsJsonAsync("/api/campaigns", new { name = "During the outage" });
        }
        finally
        {
            await cluster.Storage.UnblockConnectionsAsync();
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.StatusCode}: {body}");
            using var document = JsonDocument.Parse(body);
            var error = document.RootElement.GetProperty("error");
            Assert.Equal("TRANSACTION_FAILED", error.GetProperty("code").GetString());
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        }

        Assert.Contains(logs.Lines, line => line.StartsWith("Error Orleans.GameState.Gateway", StringComparison.Ordinal)
            && line.Contains("POST /api/campaigns", StringComparison.Ordinal));
    }
}
