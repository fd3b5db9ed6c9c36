using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Orleans.GameState.Gateway.WebConsole;

/// <summary>
/// Serves the built web console at <c>/console/</c> without a token (it holds no data; the page signs in and calls the
/// API and the hub with its own token). Paths that are not files get index.html, so the single-page app's own routes
/// survive a reload; a missing file with an extension (a stale asset) is a plain 404.
/// </summary>
public static class ConsoleEndpoints
{
    public const string BasePath = "/console";
    private const string AssetsFolder = "assets/";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IServiceCollection AddWebConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleOptions>().Bind(configuration.GetSection(ConsoleOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidation>();
        services.AddSingleton<ConsoleFiles>();
        return services;
    }

    public static void MapWebConsole(this IEndpointRouteBuilder app)
    {
        // One route for "/console" and everything under it: routing ignores a trailing slash, so a separate
        // "/console" route would also catch "/console/".
        app.MapMethods(BasePath + "/{**path}", [HttpMethods.Get, HttpMethods.Head], (string? path, HttpContext http, ConsoleFiles files) =>
                http.Request.Path.Value is { } value && !value.EndsWith('/') && string.IsNullOrEmpty(path)
                    ? Results.Redirect(BasePath + "/")
                    : Serve(path ?? string.Empty, http, files))
            .AllowAnonymous()
            .ExcludeFromDescription();
    }

    private static IResult Serve(string path, HttpContext http, ConsoleFiles files)
    {
        if (!files.Enabled)
        {
            return Results.NotFound();
        }

        var file = path.Length == 0 ? null : files.Find(path);
        if (file is null)
        {
            if (System.IO.Path.HasExtension(path))
            {
                return Results.NotFound();
            }

            file = files.Find(ConsoleFiles.IndexFile);
            if (file is null)
            {
                return Results.NotFound();
            }

            path = ConsoleFiles.IndexFile;
        }

        // Vite names assets by content hash: they never change under their name. index.html must be fetched anew.
        http.Response.Headers[HeaderNames.CacheControl] = path.StartsWith(AssetsFolder, StringComparison.Ordinal)
            ? "public, max-age=31536000, immutable"
            : "no-cache";
        var contentType = ContentTypes.TryGetContentType(file.Name, out var type) ? type : "application/octet-stream";
        return Results.File(file.PhysicalPath!, contentType, enableRangeProcessing: false, lastModified: file.LastModified);
    }
}
