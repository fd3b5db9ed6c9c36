using System.Reflection;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Gateway.UnitTests;

/// <summary>
/// A session grain as the relay sees it: a subscription at <see cref="CurrentVersion"/> and a log of broadcasts it
/// answers catch-ups from. A proxy, so the interface can grow without touching this fake; any other call throws.
/// </summary>
public class FakeSessionGrain : DispatchProxy
{
    private readonly object _gate = new();
    private readonly List<SessionBroadcast> _log = [];
    private readonly List<long> _reads = [];

    public long CurrentVersion { get; set; } = 1;

    /// <summary>The versions the relay asked to catch up from, in order.</summary>
    public IReadOnlyList<long> Reads
    {
        get { lock (_gate) { return [.. _reads]; } }
    }

    public static (IGameSessionGrain Grain, FakeSessionGrain Fake) Create()
    {
        var grain = DispatchProxy.Create<IGameSessionGrain, FakeSessionGrain>();
        return (grain, (FakeSessionGrain)(object)grain);
    }

    public void Log(SessionBroadcast broadcast)
    {
        lock (_gate)
        {
            _log.Add(broadcast);
        }
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        switch (targetMethod!.Name)
        {
            case nameof(IGameSessionGrain.SubscribeAsync):
                return Task.FromResult(new SessionSubscription(true, CurrentVersion, "gm"));
            case nameof(IGameSessionGrain.UnsubscribeAsync):
                return Task.CompletedTask;
            case nameof(IGameSessionGrain.ReadBroadcastsSinceAsync):
                var since = (long)args![0]!;
                lock (_gate)
                {
                    _reads.Add(since);
                    IReadOnlyList<SessionBroadcast> updates = _log.Where(b => b.Version > since).OrderBy(b => b.Version).ToList();
                    return Task.FromResult(new UpdatesSinceView(null, updates));
                }

            default:
                throw new NotSupportedException($"The relay is not expected to call {targetMethod.Name}.");
        }
    }
}

/// <summary>Object references as the relay makes them: the observer itself stands for its reference.</summary>
public class FakeGrainFactory : DispatchProxy
{
    public static IGrainFactory Create() => DispatchProxy.Create<IGrainFactory, FakeGrainFactory>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod!.Name switch
    {
        nameof(IGrainFactory.CreateObjectReference) => args![0],
        nameof(IGrainFactory.DeleteObjectReference) => null,
        _ => throw new NotSupportedException($"The relay is not expected to call {targetMethod.Name}."),
    };
}
