using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace MuniSocial.Infrastructure.Email;

/// <summary>Configuration section "Smtp". Without a Host, e-mail is off and reminders show on the home page only.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string From { get; set; } = "";
    public string FromName { get; set; } = "名寄市ソーシャルメディア運用システム";
    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>None, StartTls, SslOnConnect or Auto (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "Auto";

    /// <summary>The address staff open the system at, for links in e-mails (e.g. https://social.city.nayoro.lg.jp).</summary>
    public string LinkBase { get; set; } = "http://localhost:5080";

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public static bool IsValid(SmtpOptions o) =>
        !o.Enabled || (o.Port is > 0 and <= 65535 && MailboxAddress.TryParse(o.From, out _) && Enum.TryParse<SecureSocketOptions>(o.Security, out _)
            && Uri.TryCreate(o.LinkBase, UriKind.Absolute, out _));
}

public sealed record OutgoingMail(string To, string ToName, string Subject, string Body);

/// <summary>Sends plain-text Japanese mail (UTF-8) through SMTP with MailKit, one connection per batch.</summary>
public sealed class MailSender(IOptions<SmtpOptions> options, TimeProvider clock, ILogger<MailSender> logger)
{
    private readonly SmtpOptions _options = options.Value;

    public bool Enabled => _options.Enabled;

    public string LinkBase => _options.LinkBase.TrimEnd('/');

    /// <summary>Sends each mail; returns null for a sent mail or the error for a failed one, in order.</summary>
    public async Task<List<string?>> SendAsync(IReadOnlyList<OutgoingMail> mails, CancellationToken ct)
    {
        var results = new List<string?>(mails.Count);
        if (mails.Count == 0)
        {
            return results;
        }
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(_options.Host!, _options.Port, Enum.Parse<SecureSocketOptions>(_options.Security), ct);
            if (!string.IsNullOrEmpty(_options.UserName))
            {
                await client.AuthenticateAsync(_options.UserName, _options.Password ?? "", ct);
            }
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or SmtpCommandException or SmtpProtocolException or AuthenticationException or SslHandshakeException)
        {
            logger.LogWarning(ex, "SMTP server {Host}:{Port} could not be reached", _options.Host, _options.Port);
            results.AddRange(mails.Select(_ => (string?)$"SMTPサーバーに接続できません: {ex.Message}"));
            return results;
        }
        foreach (var mail in mails)
        {
            try
            {
                await client.SendAsync(Build(mail), ct);
                results.Add(null);
            }
            catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or IOException or ParseException)
            {
                logger.LogWarning(ex, "Mail to {To} failed", mail.To);
                results.Add($"送信失敗: {ex.Message}");
                if (!client.IsConnected)
                {
                    await client.ConnectAsync(_options.Host!, _options.Port, Enum.Parse<SecureSocketOptions>(_options.Security), ct);
                }
            }
        }
        await client.DisconnectAsync(true, ct);
        return results;
    }

    private MimeMessage Build(OutgoingMail mail)
    {
        var message = new MimeMessage { Date = clock.GetUtcNow() };
        message.From.Add(new MailboxAddress(_options.FromName, _options.From));
        message.To.Add(new MailboxAddress(mail.ToName, mail.To));
        message.Subject = mail.Subject;
        message.Body = new TextPart("plain") { Text = mail.Body };
        return message;
    }
}
