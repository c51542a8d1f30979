namespace MuniSocial.Features.Home;

public static class HomeSetup
{
    /// <summary>What waits for each person (the home page, the navigation's counts, <c>GET /api/v1/me/work</c>), once per request.</summary>
    public static void AddHome(this WebApplicationBuilder builder) => builder.Services.AddScoped<WaitingWork>();
}
