namespace MuniSocial.Features.Posts;

public static class PostsSetup
{
    public static void AddPosts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MediaStore>();
        builder.Services.AddScoped<ContentChecks>();
    }

    public static void MapPosts(this RouteGroupBuilder api) => api.MapPostsApi();
}
