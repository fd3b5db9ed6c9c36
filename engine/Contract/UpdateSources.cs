namespace Orleans.GameState.Contract;

public static class UpdateSources
{
    public const string Gm = "gm";
    public const string System = "system";
}
