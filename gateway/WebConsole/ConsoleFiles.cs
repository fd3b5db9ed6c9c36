using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Orleans.GameState.Gateway.WebConsole;

/// <summary>The console's folder as a file provider, or none when <c>Console:Path</c> is empty.</summary>
public sealed class ConsoleFiles : IDisposable
{
    public const string IndexFile = "index.html";

    private readonly PhysicalFileProvider? _provider;

    public ConsoleFiles(IOptions<ConsoleOptions> options, IHostEnvironment environment)
    {
        var root = ResolveRoot(options.Value, environment);
        _provider = root is null ? null : new PhysicalFileProvider(root);
    }

    public bool Enabled => _provider is not null;

    /// <summary>The file at a path under the console's root; traversal outside it and hidden files never match.</summary>
    public IFileInfo? Find(string relativePath)
    {
        if (_provider is null)
        {
            return null;
        }

        var file = _provider.GetFileInfo(relativePath);
        return file.Exists && !file.IsDirectory && file.PhysicalPath is not null ? file : null;
    }

    public static string? ResolveRoot(ConsoleOptions options, IHostEnvironment environment) =>
        string.IsNullOrWhiteSpace(options.Path)
            ? null
            : System.IO.Path.GetFullPath(options.Path, environment.ContentRootPath);

    public void Dispose() => _provider?.Dispose();
}
