namespace Orleans.GameState.Gateway.WebConsole;

/// <summary>Where the built web console lives (configuration section <c>Console</c>).</summary>
public sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    /// <summary>
    /// The folder of the built console (<c>console/dist</c>), absolute or relative to the gateway's content root.
    /// Empty: the console is not served (<c>/console/</c> answers 404).
    /// </summary>
    public string Path { get; set; } = string.Empty;
}
