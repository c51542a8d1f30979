using Microsoft.EntityFrameworkCore;
using MimeKit;
using MuniSocial.Features.Incidents;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Incidents;

/// <summary>
/// §5(5)ア(ウ) 市広報担当へ報告: opening an incident e-mails every active PR office user through the outbox — the mail
/// reaches the SMTP server within a minute, and the timeline names who was told.
/// </summary>
public sealed class IncidentMailTests(SmtpAppFactory app) : IClassFixture<SmtpAppFactory>
{
    [Fact]
    public async Task Opening_an_incident_mails_every_pr_office_user_within_a_minute()
    {
        var account = await app.ListedAccountAsync(Given.Policy($"通知{Guid.NewGuid().ToString("N")[..6]}"));
        var api = await app.ApiAsync("demo-operator");
        var id = await api.OpenAsync(new { kind = "Flaming", accountId = account, summary = "批判が殺到しています（通知の確認）。" });
        var pr = await app.DbAsync(db => IncidentUseCases.PrOfficeAsync(db, default));
        Assert.NotEmpty(pr);

        var received = await MailPolling.WaitForAsync(() => app.Mail.Messages().Where(m => (m.TextBody ?? "").Contains($"/incidents/{id}", StringComparison.Ordinal)).ToList(), pr.Count);
        Assert.Equal(pr.Select(p => p.Email!).Order(StringComparer.Ordinal), received.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        Assert.All(received, m => Assert.StartsWith("【インシデント】批判・苦情の殺到（炎上）", m.Subject, StringComparison.Ordinal));
        Assert.Contains("批判が殺到しています（通知の確認）。", received[0].TextBody, StringComparison.Ordinal);
        Assert.Contains("https://social.test/incidents/", received[0].TextBody, StringComparison.Ordinal);

        var detail = await api.GetAsync(id);
        var told = detail.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("text").GetString()!).Single(t => t.StartsWith("市広報担当へ通知", StringComparison.Ordinal));
        Assert.Equal($"市広報担当へ通知（{pr.Count}名）: {string.Join("、", pr.Select(p => p.Name))}", told);
        await MailPolling.WaitForAsync(() => app.DbAsync(db => db.OutboxMails.AsNoTracking().Where(m => m.Topic == $"incident:{id}" && m.SentAt != null).ToListAsync()), pr.Count);
    }
}

/// <summary>The app configured for an SMTP server that is not there yet: <see cref="StartSink"/> brings it up on that port.</summary>
public sealed class SmtpDownAppFactory : AppFactory
{
    public int Port { get; } = SmtpSink.FreePort();

    public SmtpSink? Mail { get; private set; }

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:From"] = "social-media@city.nayoro.invalid",
        ["Smtp:Security"] = "None",
        ["Smtp:LinkBase"] = "https://social.test",
        ["MailOutbox:PollSeconds"] = "1",
    };

    public SmtpSink StartSink() => Mail = new SmtpSink(Port);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Mail?.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>With the SMTP server down, opening still answers 201; the mail is kept, retried, and sent once the server is back.</summary>
public sealed class IncidentMailOutageTests(SmtpDownAppFactory app) : IClassFixture<SmtpDownAppFactory>
{
    [Fact]
    public async Task Opening_succeeds_while_smtp_is_down_and_the_mail_goes_out_once_it_is_back()
    {
        var account = await app.ListedAccountAsync(Given.Policy($"障害{Guid.NewGuid().ToString("N")[..6]}"));
        var api = await app.ApiAsync("demo-operator");
        var id = await api.OpenAsync(new { kind = "Flaming", accountId = account, summary = "SMTP 停止中の登録。" });
        var topic = $"incident:{id}";

        var failed = await MailPolling.WaitForAsync(() => app.DbAsync(db => db.OutboxMails.AsNoTracking().Where(m => m.Topic == topic && m.Attempts > 0).ToListAsync()), 1);
        Assert.All(failed, m => Assert.Null(m.SentAt));
        Assert.All(failed, m => Assert.Contains("SMTPサーバーに接続できません", m.LastError, StringComparison.Ordinal));
        var page = await (await app.SignInAsync("demo-pr")).GetDocumentAsync($"/incidents/{id}");
        Assert.Contains("未送信", page.QuerySelector("#mail-status")!.TextContent, StringComparison.Ordinal);

        var jobs = await (await app.SignInAsync("demo-admin")).GetDocumentAsync("/admin/jobs");
        Assert.Contains("SMTPサーバーに接続できません", jobs.Body!.TextContent, StringComparison.Ordinal);

        var sink = app.StartSink();
        app.Clock.Advance(TimeSpan.FromHours(1));
        var pr = await app.DbAsync(db => IncidentUseCases.PrOfficeAsync(db, default));
        var received = await MailPolling.WaitForAsync(() => sink.Messages().Where(m => (m.TextBody ?? "").Contains($"/incidents/{id}", StringComparison.Ordinal)).ToList(), pr.Count);
        Assert.Equal(pr.Count, received.Count);
        var sent = await MailPolling.WaitForAsync(() => app.DbAsync(db => db.OutboxMails.AsNoTracking().Where(m => m.Topic == topic && m.SentAt != null).ToListAsync()), pr.Count);
        Assert.All(sent, m => Assert.True(m.Attempts >= 2));
    }
}

internal static class MailPolling
{
    /// <summary>Polls up to 60 s until <paramref name="read"/> has at least <paramref name="count"/> items; fails with what it saw.</summary>
    public static async Task<List<T>> WaitForAsync<T>(Func<Task<List<T>>> read, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var items = await read();
            if (items.Count >= count)
            {
                return items;
            }
            Assert.True(DateTime.UtcNow < deadline, $"after 60 s: {items.Count} of {count}");
            await Task.Delay(200);
        }
    }

    public static Task<List<MimeMessage>> WaitForAsync(Func<List<MimeMessage>> read, int count) => WaitForAsync(() => Task.FromResult(read()), count);
}
