using Microsoft.Extensions.Options;

namespace Orleans.GameState.Gateway.WebConsole;

/// <summary>
/// A configured console path must be an existing folder: a typo fails the start with a clear message instead of
/// serving 404s. Its index.html is looked up per request, so a console built (or rebuilt) after the start is served.
/// </summary>
public sealed class ConsoleOptionsValidation(IHostEnvironment environment) : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        var root = ConsoleFiles.ResolveRoot(options, environment);
        return root is null || Directory.Exists(root)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Console:Path: the folder '{root}' does not exist (build the console: deploy/console.sh build).");
    }
}
