using System.Reflection;

namespace Orleans.GameState.Storage.Schema;

/// <summary>One migration script: its file name under deploy/sql and its SQL text.</summary>
public sealed record SchemaScript(string Name, string Sql);

/// <summary>
/// The migration scripts embedded in this assembly (deploy/sql/*.sql, logical names <c>sql/&lt;file&gt;.sql</c>),
/// in the order they apply: ordinal by file name, so <c>0001_...</c> before <c>0010_...</c>.
/// </summary>
public static class SchemaScripts
{
    private const string ResourcePrefix = "sql/";

    private static readonly Lazy<IReadOnlyList<SchemaScript>> Scripts = new(Load);

    public static IReadOnlyList<SchemaScript> All => Scripts.Value;

    private static IReadOnlyList<SchemaScript> Load()
    {
        var assembly = typeof(SchemaScripts).Assembly;
        var scripts = new List<SchemaScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                || !resource.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            scripts.Add(new SchemaScript(resource[ResourcePrefix.Length..], Read(assembly, resource)));
        }

        if (scripts.Count == 0)
        {
            throw new InvalidOperationException(
                $"No migration scripts are embedded in {assembly.GetName().Name} (expected resources named sql/*.sql).");
        }

        scripts.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return scripts;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded script {resource} cannot be opened.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
