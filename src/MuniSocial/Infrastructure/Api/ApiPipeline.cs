
namespace MuniSocial.Infrastructure.Api;

/// <summary>
/// The one pipeline every /api/v1 endpoint sits in (ARCHITECTURE.md, convention 10): the bearer policy,
/// the error filter that turns a broken rule or a lost race into ProblemDetails, bad input answered as a
/// 400 naming the field, and the OpenAPI document. A feature maps its endpoints on the group this returns
/// (<c>api.MapGroup("/accounts")</c>) and never writes its own try/catch.
/// </summary>
public static class ApiPipeline
{
    public static void AddApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1");
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", ApiDocument.Configure);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        });
        // Binding failures throw, so that BadRequestExceptionHandler can answer a ProblemDetails naming the field.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.Configure<ProblemDetailsOptions>(o => o.CustomizeProblemDetails += ApiErrors.InJapanese);
    }

    /// <summary>The root <c>/api/v1</c> group: bearer token required (an endpoint that needs none says AllowAnonymous), errors as ProblemDetails.</summary>
    public static RouteGroupBuilder MapApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        return app.MapGroup("/api/v1")
            .RequireAuthorization(Policies.Bearer)
            .AddEndpointFilter<DomainProblemFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }
}
