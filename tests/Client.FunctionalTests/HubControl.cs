using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.FunctionalTests;

/// <summary>What the gateway does to one <c>gameState:update</c> invocation.</summary>
public enum UpdateFault
{
    None,

    /// <summary>The connection is aborted before the update reaches the session: it is lost in transit.</summary>
    AbortBeforeApplying,

    /// <summary>The update is applied, then the connection is aborted before the answer goes out.</summary>
    AbortAfterApplying,

    /// <summary>The update is applied and answered only after <see cref="HubControl.AnswerDelay"/>.</summary>
    DelayAnswer,
}

/// <summary>
/// Real faults, injected into the real gateway through its public extension points: a hub filter (sees every
/// invocation, can abort a connection server-side, exactly as a network failure looks to the client) and a startup
/// filter (refuses a user's hub requests with 503, so its reconnection attempts fail until unblocked).
/// </summary>
public sealed class HubControl : IHubFilter, IStartupFilter
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _blocked = new(StringComparer.Ordinal);

    /// <summary>Every <c>gameState:update</c> invocation the gateway dispatched, in order: who sent which update id with which version.</summary>
    public ConcurrentQueue<(string? UserId, string? UpdateId, string? Version)> UpdateCalls { get; } = new();

    /// <summary>Decides the fault of each update invocation; null means none.</summary>
    public Func<StateUpdate, UpdateFault>? Faults { get; set; }

    public TimeSpan AnswerDelay { get; set; } = TimeSpan.FromSeconds(2.5);

    /// <summary>Awaited before each <c>gameState:update</c> invocation reaches the hub (after it is recorded); null means none.</summary>
    public Func<StateUpdate, Task>? BeforeUpdate { get; set; }

    public void Install(WebApplicationBuilder builder)
    {
        builder.Services.Configure<HubOptions>(options => options.AddFilter(this));
        builder.Services.AddSingleton<IStartupFilter>(this);
    }

    /// <summary>Aborts every connection of the user, server-side; returns how many.</summary>
    public int Abort(string userId)
    {
        var aborted = 0;
        foreach (var connection in _connections.Values.Where(c => c.UserIdentifier == userId))
        {
            connection.Abort();
            aborted++;
        }

        return aborted;
    }

    public void Block(string userId) => _blocked[userId] = 0;

    public void Unblock(string userId) => _blocked.TryRemove(userId, out _);

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        // The hub takes its arguments as JSON and converts them itself; so does this filter, for the updates it decides on.
        // (HubMethodName is the C# method's name; the wire name is the attribute's.)
        if (invocationContext.HubMethod.GetCustomAttribute<HubMethodNameAttribute>()?.Name != "gameState:update"
            || invocationContext.HubMethodArguments is not [JsonElement { ValueKind: JsonValueKind.Object } argument]
            || argument.Deserialize<StateUpdate>(ContractJson.Options) is not { } update)
        {
            return await next(invocationContext);
        }

        var connection = invocationContext.Context;
        UpdateCalls.Enqueue((connection.UserIdentifier, update.Id, update.Version));
        if (BeforeUpdate is { } before)
        {
            await before(update);
        }

        switch (Faults?.Invoke(update) ?? UpdateFault.None)
        {
            case UpdateFault.AbortBeforeApplying:
                await AbortAndHangAsync(connection);
                break;
            case UpdateFault.AbortAfterApplying:
                await next(invocationContext);
                await AbortAndHangAsync(connection);
                break;
            case UpdateFault.DelayAnswer:
                var answer = await next(invocationContext);
                await Task.Delay(AnswerDelay);
                return answer;
        }

        return await next(invocationContext);
    }

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        _connections[context.Context.ConnectionId] = context.Context;
        return next(context);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        _connections.TryRemove(context.Context.ConnectionId, out _);
        return next(context, exception);
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (http, pipeline) =>
        {
            if (http.Request.Path.StartsWithSegments("/hubs/game") && SubjectOf(http) is { } user && _blocked.ContainsKey(user))
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            await pipeline();
        });
        next(app);
    };

    private static async Task AbortAndHangAsync(HubCallerContext connection)
    {
        connection.Abort();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), connection.ConnectionAborted);
        }
        catch (OperationCanceledException)
        {
            // The connection is gone: nothing will be answered on it.
        }

        throw new OperationCanceledException("The test aborted this connection.");
    }

    /// <summary>The <c>sub</c> of the request's bearer token (header or <c>access_token</c> query), unverified: routing only.</summary>
    private static string? SubjectOf(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..] : http.Request.Query["access_token"].ToString();
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        var payload = parts[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
        return json.RootElement.TryGetProperty("sub", out var sub) ? sub.GetString() : null;
    }
}
