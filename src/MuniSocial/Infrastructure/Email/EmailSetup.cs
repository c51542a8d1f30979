namespace MuniSocial.Infrastructure.Email;

public static class EmailSetup
{
    /// <summary>SMTP through MailKit; without Smtp:Host nothing is sent and reminders show on the home page only.</summary>
    public static void AddEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpOptions>().Bind(builder.Configuration.GetSection("Smtp"))
            .Validate(SmtpOptions.IsValid, "Smtp: Port 1–65535, From a valid address, Security None/StartTls/SslOnConnect/Auto, LinkBase an absolute URL")
            .ValidateOnStart();
        builder.Services.AddSingleton<MailSender>();
        builder.AddMailOutbox();
    }
}
