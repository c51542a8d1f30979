namespace MuniSocial.Features.Notifications;

public static class NotificationsSetup
{
    /// <summary>The hand-off e-mails, a step of every save (after the forms are issued, so that 様式3/様式5 can be linked).</summary>
    public static void AddNotifications(this WebApplicationBuilder builder) => builder.Services.AddScoped<IBeforeAuditStep, HandOffMails>();
}
