using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.GameState.Sessions;
using Orleans.GameState.Storage.WriteThrough;

namespace Orleans.GameState.Grains.WriteThrough;

/// <summary>
/// Wakes sessions whose write-through is behind and which nobody calls: their silo died after acknowledging
/// an update, before the flush. Activation resumes the write-through (<see cref="SessionWriteThrough.ResumeAsync"/>).
/// Every silo runs it; waking an active session costs one call and changes nothing.
/// </summary>
public sealed partial class WriteThroughRecovery(
    IGrainFactory grains,
    IWriteThroughStore store,
    IOptions<WriteThroughOptions> options,
    TimeProvider clock,
    ILogger<WriteThroughRecovery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.RecoveryInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.RecoveryInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var loggedBefore = (clock.GetUtcNow() - settings.RecoveryGrace).ToUnixTimeMilliseconds();
                foreach (var sessionId in await store.FindBehindAsync(loggedBefore, settings.RecoveryBatch, stoppingToken))
                {
                    LogWaking(sessionId);
                    await grains.GetGrain<IGameSessionGrain>(sessionId).DescribeAsync();
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogScanFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Waking session {SessionId}: its write-through is behind")]
    private partial void LogWaking(string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write-through recovery scan failed; next scan at the next interval")]
    private partial void LogScanFailed(Exception exception);
}
