using Orleans.GameState.Import.Bundles;

namespace Orleans.GameState.Import.Importing;

/// <summary>
/// <c>import &lt;file.json&gt;</c>: read and validate the whole bundle, and only then connect and write.
/// Exit codes: 0 done, 1 the bundle is invalid (nothing written), 2 usage, 3 the import failed part-way
/// (safe to run again: it resumes, creating only what is missing).
/// </summary>
public static class ImportCommand
{
    public const int Ok = 0;
    public const int InvalidBundle = 1;
    public const int Usage = 2;
    public const int Failed = 3;

    public static async Task<int> RunAsync(
        string[] args, Func<CancellationToken, Task<IGrainFactory>> connect, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (args is not ["import", var path])
        {
            await errors.WriteLineAsync("usage: import <file.json>   (ConnectionStrings__Postgres names the cluster's database)");
            return Usage;
        }

        string json;
        try
        {
            json = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await errors.WriteLineAsync($"{path}: cannot read: {e.Message}");
            return Usage;
        }

        if (BundleReader.Read(json, out var problems) is not { } bundle)
        {
            await errors.WriteLineAsync($"{path}: invalid bundle, nothing imported:");
            foreach (var problem in problems)
            {
                await errors.WriteLineAsync($"  {problem}");
            }

            return InvalidBundle;
        }

        await output.WriteLineAsync($"{path}: valid: campaign {bundle.CampaignId}, {bundle.EntityCount} entities, {bundle.Sessions.Count} sessions");
        try
        {
            var grains = await connect(cancellationToken);
            var summary = await new BundleImporter(grains, output).ImportAsync(bundle, cancellationToken);
            await output.WriteLineAsync($"done: campaign {summary.CampaignId}: {summary.Changed} created or changed, {summary.Unchanged} already there");
            return Ok;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await errors.WriteLineAsync($"import failed: {e.Message} (running it again resumes: it only creates what is missing)");
            return Failed;
        }
    }
}
