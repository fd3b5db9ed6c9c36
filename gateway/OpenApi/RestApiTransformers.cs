using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.OpenApi;

/// <summary>Puts <see cref="RestApiCatalog"/> into each operation of the generated document: request body, success and error answers.</summary>
public sealed class RestRouteOperationTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var key = $"{context.Description.HttpMethod} /{context.Description.RelativePath?.TrimEnd('/')}";
        if (!RestApiCatalog.Routes.TryGetValue(key, out var route))
        {
            return;
        }

        operation.Summary = route.Summary;
        if (route.Request is { } request)
        {
            operation.RequestBody = new OpenApiRequestBody { Required = true, Content = await JsonContentAsync(request, context, cancellationToken) };
        }

        operation.Responses ??= [];
        operation.Responses.Clear();
        operation.Responses[Code(route.Success)] = new OpenApiResponse
        {
            Description = "Success",
            Content = route.Response is { } response ? await JsonContentAsync(response, context, cancellationToken) : null,
        };

        foreach (var status in route.Errors.Concat(RestApiCatalog.CommonErrors).Distinct().Order())
        {
            operation.Responses[Code(status)] = new OpenApiResponse
            {
                Description = ErrorDescription(status),
                Content = await JsonContentAsync(typeof(ErrorBody), context, cancellationToken),
            };
        }
    }

    private static async Task<Dictionary<string, OpenApiMediaType>> JsonContentAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken) =>
        new() { ["application/json"] = new OpenApiMediaType { Schema = await context.GetOrCreateSchemaAsync(type, null, cancellationToken) } };

    private static string Code(int status) => status.ToString(CultureInfo.InvariantCulture);

    private static string ErrorDescription(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "VALIDATION_ERROR: bad input",
        StatusCodes.Status401Unauthorized => "PERMISSION_DENIED: no token, or a bad or expired one",
        StatusCodes.Status403Forbidden => "PERMISSION_DENIED: the caller's role does not allow it",
        StatusCodes.Status404NotFound => "NOT_FOUND / SESSION_NOT_FOUND: unknown campaign, entity, member or session",
        StatusCodes.Status410Gone => "HISTORY_UNAVAILABLE: older than the retained history",
        _ => "TRANSACTION_FAILED: the cluster or its storage failed; try again",
    };
}

/// <summary>
/// The routes that are not REST endpoints of the API explorer (health, metrics, the SignalR hub, the web console, this
/// document and its reference page), added so that the document names every route the gateway serves.
/// </summary>
public sealed class InfrastructureRoutesTransformer : IOpenApiDocumentTransformer
{
    private static readonly (string Path, HttpMethod Method, string Summary)[] Routes =
    [
        ("/healthz", HttpMethod.Get, "Process alive (no token)"),
        ("/readyz", HttpMethod.Get, "Cluster and storage reachable (no token)"),
        ("/metrics", HttpMethod.Get, "Prometheus metrics"),
        (HubProtocol.Path, HttpMethod.Get, "SignalR hub (docs/api.md section 5): WebSockets, Server-Sent Events or long polling"),
        (HubProtocol.Path + "/negotiate", HttpMethod.Post, "SignalR negotiate"),
        ("/openapi/{documentName}.json", HttpMethod.Get, "This OpenAPI document (no token)"),
        ("/console/{path}", HttpMethod.Get, "The web console (docs/console.md): its page and assets, no token; it signs in itself"),
        ("/docs", HttpMethod.Get, "Redirects to the API reference"),
        ("/docs/{documentName}", HttpMethod.Get, "The browsable API reference (no token)"),
    ];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Paths ??= [];
        foreach (var (path, method, summary) in Routes)
        {
            if (!document.Paths.ContainsKey(path))
            {
                document.Paths[path] = new OpenApiPathItem
                {
                    Operations = new Dictionary<HttpMethod, OpenApiOperation>
                    {
                        [method] = new() { Summary = summary, Responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = "Success" } } },
                    },
                };
            }
        }

        return Task.CompletedTask;
    }
}
