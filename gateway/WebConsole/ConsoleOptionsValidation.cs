using Microsoft.Extensions.Options;

namespace Orleans.GameState.Gateway.WebConsole;

/// <summary>
/// A configured console path must be a built console (a folder holding index.html): a typo or a missing build fails
/// the start with a clear message instead of serving 404s.
/// </summary>
public sealed class ConsoleOptionsValidation(IHostEnvironment environment) : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        var root = ConsoleFiles.ResolveRoot(options, environment);
        if (root is null)
        {
            return ValidateOptionsResult.Success;
        }

        if (!Directory.Exists(root))
        {
            return ValidateOptionsResult.Fail($"Console:Path: the folder '{root}' does not exist (build the console: npm ci && npm run build in console/).");
        }

        return File.Exists(System.IO.Path.Combine(root, ConsoleFiles.IndexFile))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Console:Path: '{root}' holds no {ConsoleFiles.IndexFile} (is it console/dist?).");
    }
}
