namespace MuniSocial.Features.Admin;

public static class AdminSetup
{
    public static void MapAdmin(this WebApplication app)
    {
        _ = app;
    }
}
