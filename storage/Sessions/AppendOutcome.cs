namespace Orleans.GameState.Storage.Sessions;

public enum AppendOutcomeKind
{
    Appended,
    /// <summary>Another activation already committed this version: this one is stale.</summary>
    VersionTaken,
    /// <summary>This update id is already in the log (at <see cref="AppendOutcome.ExistingVersion"/>).</summary>
    UpdateIdTaken,
}

public readonly record struct AppendOutcome(AppendOutcomeKind Kind, long ExistingVersion = 0)
{
    public static AppendOutcome Appended { get; } = new(AppendOutcomeKind.Appended);
}
