namespace MuniSocial.Features.Audit;

public static class AuditSetup
{
    public static void MapAudit(this WebApplication app)
    {
        _ = app;
    }
}
