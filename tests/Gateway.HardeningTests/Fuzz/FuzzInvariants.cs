using System.Net;
using System.Text.Json;
using Orleans.GameState.Contract;
using Orleans.GameState.Testing;

namespace Orleans.GameState.Gateway.HardeningTests.Fuzz;

/// <summary>What must hold whatever a client sends: the server stays up, answers only the contract's errors, never calls
/// bad input a storage failure or trips over it (a bug), and never writes a token to its logs.</summary>
internal static class FuzzInvariants
{
    /// <summary>The codes a rejected input may get. Never TRANSACTION_FAILED (storage is healthy) nor INTERNAL_ERROR (a bug).</summary>
    public static readonly IReadOnlySet<string> InputErrorCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        ErrorCodes.ValidationError, ErrorCodes.VersionConflict, ErrorCodes.SessionNotFound, ErrorCodes.PermissionDenied,
        ErrorCodes.HistoryUnavailable, "NOT_FOUND",
    };

    /// <summary>Log lines that mean an input took the storage-failure path or hit a bug (GameHub, ApiExceptionResponses).</summary>
    private static readonly string[] ForbiddenLogText =
    [
        "failed by a bug", "answered 503", "answered TRANSACTION_FAILED",
        "An unhandled exception has occurred", "whitespace (Parameter 'primaryKey')",
    ];

    /// <summary>A hub completion: a contract result, or SignalR's own refusal of an invocation it could not bind.</summary>
    public static void HubCompletion(JsonElement completion, string input)
    {
        Assert.True(HubSocket.Type(completion) == 3, $"the server closed the connection on {input}: {completion}");
        if (completion.TryGetProperty("error", out var invocationError))
        {
            // SignalR's own answer to a wrong argument count or an unknown method; a hub method that threw says "unexpected".
            Assert.DoesNotContain("unexpected error", invocationError.GetString(), StringComparison.OrdinalIgnoreCase);
            return;
        }

        var result = completion.GetProperty("result");
        if (result.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            Assert.False(result.GetProperty("success").GetBoolean(), $"success with an error on {input}");
            var code = error.GetProperty("code").GetString()!;
            Assert.True(InputErrorCodes.Contains(code), $"{code} ({error}) answered {input}");
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        }
        else
        {
            Assert.True(result.GetProperty("success").GetBoolean(), $"neither success nor an error on {input}: {result}");
        }
    }

    /// <summary>A REST answer: no 5xx; every error status with the body <c>{error: {code, message}}</c> and a contract code.</summary>
    /// <remarks>
    /// The exceptions: a request target Kestrel itself refuses before the application runs (a path that decodes to
    /// U+0000: 400 "Invalid request target"; a target over 8 KiB: 414) has no body, a deviation docs/security.md lists.
    /// </remarks>
    public static async Task RestResponseAsync(HttpResponseMessage response, string path, string input)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500, $"{status} {text} answered {input}");
        if (status < 400 || (text.Length == 0 && IsKestrelRefusal(status, path)))
        {
            return;
        }

        Assert.True(text.Length > 0, $"{status} without a body answered {input}");
        using var body = JsonDocument.Parse(text);
        var error = body.RootElement.GetProperty("error");
        var code = error.GetProperty("code").GetString()!;
        Assert.True(InputErrorCodes.Contains(code) || (status == 429 && code == ErrorCodes.RateLimited), $"{status} {code} answered {input}");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }

    /// <summary>What Kestrel answers itself, without the application: a NUL in the path (400), a target over 8 KiB (414).</summary>
    private static bool IsKestrelRefusal(int status, string path) =>
        (status == 400 && path.Contains("%00", StringComparison.Ordinal)) || (status == 414 && path.Length > 8 * 1024);

    public static async Task ServerUpAsync(GatewayServer gateway)
    {
        using var health = await gateway.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    /// <summary>No log line of the storage-failure or bug paths, and none holding a token (or its signature's tail).</summary>
    public static void Logs(CapturingLoggerProvider logs, IEnumerable<string> tokens)
    {
        var lines = logs.Lines.ToArray();
        foreach (var text in ForbiddenLogText)
        {
            var hit = lines.FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal));
            Assert.True(hit is null, $"log: {hit}");
        }

        foreach (var token in tokens)
        {
            Assert.DoesNotContain(lines, line => line.Contains(token[^24..], StringComparison.Ordinal));
        }
    }
}
