using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MuniSocial.Infrastructure.Api;

/// <summary>
/// Tells API clients (the city's CMS and RPA) in the OpenAPI document how to authenticate: a bearer token
/// from POST /api/v1/auth/token on every endpoint that needs one.
/// </summary>
internal static class ApiDocument
{
    public const string Scheme = "Bearer";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Description ??= "名寄市ソーシャルメディア運用管理（MuniSocial）の API。アカウント登録簿の操作（/api/v1、要トークン）と、" +
                "ソーシャルメディア一覧の公開情報（/api/public、認証不要）。誤りは ProblemDetails で返します（rule に規則、errors に項目名）。";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "POST /api/v1/auth/token に {\"userName\",\"password\"} を送って得た accessToken を Authorization: Bearer で送ります。",
            };
            return Task.CompletedTask;
        });
        // A request property clients should stop sending (the body's version, replaced by If-Match) is marked deprecated.
        options.AddSchemaTransformer(ApiDeprecatedAttribute.MarkAsync);
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] });
            }
            return Task.CompletedTask;
        });
    }
}
