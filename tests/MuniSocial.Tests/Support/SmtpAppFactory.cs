namespace MuniSocial.Tests.Support;

/// <summary>The app with e-mail going to a <see cref="SmtpSink"/>.</summary>
public sealed class SmtpAppFactory : AppFactory
{
    public SmtpSink Mail { get; } = new();

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:From"] = "social-media@city.nayoro.invalid",
        ["Smtp:Security"] = "None",
        ["Smtp:LinkBase"] = "https://social.test",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Mail.Dispose();
        GC.SuppressFinalize(this);
    }
}
