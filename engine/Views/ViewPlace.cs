namespace Orleans.GameState.Views;

/// <summary>Where a value sits in a state, as far as views care: it decides which filtering applies to it.</summary>
public enum ViewPlace : byte
{
    /// <summary>Anywhere else: only gmOnly keys are removed.</summary>
    Other,

    /// <summary>The state itself.</summary>
    Root,

    /// <summary><c>currentEncounter</c>: its <c>tokens</c> is an entity array.</summary>
    CurrentEncounter,

    /// <summary><c>characters</c>, <c>actors</c>, <c>items</c> or <c>currentEncounter.tokens</c>: hidden elements are removed.</summary>
    EntityArray,
}

/// <summary>The place of a path.</summary>
public static class ViewPlaces
{
    public static ViewPlace Of(IReadOnlyList<string> segments) => segments.Count switch
    {
        0 => ViewPlace.Root,
        1 => segments[0] switch
        {
            "characters" or "actors" or "items" => ViewPlace.EntityArray,
            "currentEncounter" => ViewPlace.CurrentEncounter,
            _ => ViewPlace.Other,
        },
        2 when segments[0] == "currentEncounter" && segments[1] == "tokens" => ViewPlace.EntityArray,
        _ => ViewPlace.Other,
    };

    /// <summary>The place of a child under <paramref name="parent"/> at <paramref name="key"/>.</summary>
    public static ViewPlace Child(ViewPlace parent, string key) => parent switch
    {
        ViewPlace.Root => key switch
        {
            "characters" or "actors" or "items" => ViewPlace.EntityArray,
            "currentEncounter" => ViewPlace.CurrentEncounter,
            _ => ViewPlace.Other,
        },
        ViewPlace.CurrentEncounter when key == "tokens" => ViewPlace.EntityArray,
        _ => ViewPlace.Other,
    };
}
