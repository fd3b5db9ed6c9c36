namespace Orleans.GameState.Load.SmokeTests;

/// <summary>A directory under the system's temp folder for one run's reports, removed (best effort) afterwards.</summary>
internal sealed class TemporaryDirectory(string prefix) : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
        catch (UnauthorizedAccessException)
        {
            // best effort
        }
    }
}
