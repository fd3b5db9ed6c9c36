namespace Orleans.GameState.Contract;

/// <summary>The backing-model kinds of docs/api.md section 3.</summary>
public static class EntityKinds
{
    public const string Characters = "characters";
    public const string Actors = "actors";
    public const string Items = "items";
    public const string Encounters = "encounters";
    public const string Maps = "maps";

    public static IReadOnlyList<string> All { get; } = [Characters, Actors, Items, Encounters, Maps];

    public static bool IsKnown(string kind) => All.Contains(kind, StringComparer.Ordinal);
}
