using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Drill;

/// <summary>One acknowledged update: what the GM was told, and when.</summary>
public sealed record Ack(string UpdateId, long Version, double FirstSentAt, double AckedAt, int Attempts);

/// <summary>One attempt that did not get a definite answer (or got an error), and why.</summary>
public sealed record FailedAttempt(double At, string Reason);

/// <summary>
/// The GM of one session: sends updates one after another, each built on the version the previous one was
/// acknowledged at. An update whose outcome is unknown (transport failure, TRANSACTION_FAILED) is resent with the
/// same id and version until the server answers definitely: the idempotency rule then answers the original result.
/// It keeps its own model of the characters and drill items to build operations from.
/// </summary>
public sealed class GameMaster(HubClient client, string sessionId, int characters, DrillOptions options)
{
    private readonly List<string> _items = [];
    private long _version = 1;
    private int _sequence;

    public HubClient Client => client;

    public string SessionId => sessionId;

    public string CampaignId { get; init; } = "";

    public string Token { get; init; } = "";

    public List<Ack> Acks { get; } = [];

    public List<FailedAttempt> Failures { get; } = [];

    /// <summary>Updates given up: VERSION_CONFLICT or another definite refusal (the drill expects none).</summary>
    public List<string> Refused { get; } = [];

    /// <summary>Updates still unresolved when the recovery limit ran out.</summary>
    public List<string> Unresolved { get; } = [];

    public long LastAckedVersion => _version;

    public IReadOnlyList<string> Items => _items;

    public void SeedItems(IEnumerable<string> ids) => _items.AddRange(ids);

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await SendOneAsync(stop);
            try
            {
                await Task.Delay(options.UpdateInterval, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task SendOneAsync(CancellationToken stop)
    {
        _sequence++;
        var n = _sequence;
        var id = $"u{n}-{Guid.NewGuid():N}";
        var operations = new JsonArray
        {
            Op("inc", "pluginData.drill.count", 1),
            Op("set", "pluginData.drill.last", id),
            Op("set", $"characters.{n % characters}.hp", (n * 7) % 100),
        };
        string? pushed = null;
        string? pulled = null;
        if (n % 5 == 0)
        {
            pushed = $"it-{n}";
            operations.Add(Op("push", "items", new JsonObject { ["id"] = pushed, ["name"] = $"loot {n}" }));
        }
        else if (n % 5 == 2 && _items.Count > 3)
        {
            pulled = _items[0];
            operations.Add(Op("pull", "items", new JsonObject { ["id"] = pulled }));
        }

        var update = new JsonObject
        {
            ["id"] = id,
            ["sessionId"] = sessionId,
            ["version"] = StateUpdateValidator.FormatVersion(_version),
            ["operations"] = operations,
            ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ["source"] = "gm",
        };

        var firstSent = DrillClock.Now;
        var attempts = 0;
        // Once started, an update is resolved even while the workload is stopping: an unknown outcome is never left behind.
        using var limit = new CancellationTokenSource(options.RecoveryLimit * 2);
        while (true)
        {
            if (limit.IsCancellationRequested)
            {
                Unresolved.Add(id);
                DrillClock.Log($"{client.Name}: update {id} unresolved after {options.RecoveryLimit.TotalSeconds * 2:0} s");
                return;
            }

            attempts++;
            JsonElement response;
            try
            {
                var connection = await client.ConnectedAsync(limit.Token);
                response = await connection.InvokeAsync<JsonElement>(HubProtocol.Methods.Update, update, limit.Token)
                    .WaitAsync(options.UpdateTimeout, limit.Token);
            }
            catch (Exception e) when (!limit.IsCancellationRequested)
            {
                Record(new FailedAttempt(DrillClock.Now, "transport: " + e.GetType().Name));
                await Pause(attempts, limit.Token);
                continue;
            }
            catch (OperationCanceledException)
            {
                continue;
            }

            if (response.GetProperty("success").GetBoolean())
            {
                var version = long.Parse(response.GetProperty("newVersion").GetString()!, CultureInfo.InvariantCulture);
                lock (Acks)
                {
                    Acks.Add(new Ack(id, version, firstSent, DrillClock.Now, attempts));
                }

                _version = version;
                if (pushed is not null)
                {
                    _items.Add(pushed);
                }

                if (pulled is not null)
                {
                    _items.Remove(pulled);
                }

                return;
            }

            var error = response.GetProperty("error");
            var code = error.GetProperty("code").GetString();
            Record(new FailedAttempt(DrillClock.Now, code ?? "?"));
            switch (code)
            {
                case "TRANSACTION_FAILED":
                case "RATE_LIMITED":
                    await Pause(attempts, limit.Token);
                    continue;
                default:
                    // Not expected with one GM resending the same id: record it and carry on from the server's version.
                    Refused.Add($"{id}: {error.GetRawText()}");
                    DrillClock.Log($"{client.Name}: update {id} refused: {error.GetRawText()}");
                    if (error.TryGetProperty("currentVersion", out var current) && current.GetString() is { } text)
                    {
                        _version = long.Parse(text, CultureInfo.InvariantCulture);
                    }

                    return;
            }
        }
    }

    private void Record(FailedAttempt failure)
    {
        lock (Failures)
        {
            Failures.Add(failure);
        }
    }

    private static async Task Pause(int attempts, CancellationToken ct)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(100 * attempts, 1000)), ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static JsonObject Op(string operation, string path, JsonNode? value) =>
        new() { ["path"] = path, ["operation"] = operation, ["value"] = value };
}
