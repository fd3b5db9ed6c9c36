using Orleans.GameState.Engine;

namespace Orleans.GameState.Grains.Sessions;

/// <summary>Which encounter is current and whether it is active, to know when <c>encounter:started</c> is due.</summary>
internal readonly record struct EncounterActivation(string? EncounterId, bool IsActive)
{
    public static EncounterActivation Read(GameStateDocument document)
    {
        var encounter = document.GetValue("currentEncounter.encounter");
        var id = encounter?["id"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? encounter["id"]!.GetValue<string>() : null;
        var status = encounter?["status"];
        var active = status?.GetValueKind() == System.Text.Json.JsonValueKind.String && status.GetValue<string>() == "active";
        return new EncounterActivation(id, active);
    }

    /// <summary>Once per change to "active": a different encounter arriving already active counts as a start too.</summary>
    public bool StartedSince(EncounterActivation before) =>
        IsActive && EncounterId is not null && (!before.IsActive || before.EncounterId != EncounterId);
}
