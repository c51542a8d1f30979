using Microsoft.AspNetCore.OpenApi;

namespace MuniSocial.Features.Posts;

public static class PostsSetup
{
    public static void AddPosts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MediaStore>();
        builder.Services.Configure<OpenApiOptions>("v1", o => o.AddSchemaTransformer(ApiDeprecatedAttribute.MarkAsync));
    }

    public static void MapPosts(this RouteGroupBuilder api) => api.MapPostsApi();
}
