namespace Orleans.GameState.Gateway.HardeningTests.Fuzz;

/// <summary>
/// How many inputs each fuzz property sends: a few thousand in all in the default suite (well under a minute), at
/// least 100,000 in all under <c>Category=Slow</c>. <c>FUZZ_SEED</c> replays a run (CsCheck prints the seed of a failure).
/// </summary>
internal static class FuzzBudget
{
    public const int HubArguments = 1500;
    public const int RawFrames = 300;
    public const int RestRequests = 1500;

    public const int SlowHubArguments = 50_000;
    public const int SlowRawFrames = 10_000;
    public const int SlowRestRequests = 40_000;

    public static string? Seed => Environment.GetEnvironmentVariable("FUZZ_SEED") is { Length: > 0 } seed ? seed : null;
}
