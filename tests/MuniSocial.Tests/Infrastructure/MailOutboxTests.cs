using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Infrastructure.Email;
using MuniSocial.Tests.Features.Incidents;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure;

/// <summary>
/// The mail outbox is written in the save of the change it reports and sent by a background sender. Several senders on
/// one database (two app instances, or the hosted one and a second) claim each mail before sending it: every mail
/// reaches the SMTP server exactly once.
/// </summary>
public sealed class MailOutboxTests(SmtpAppFactory app) : IClassFixture<SmtpAppFactory>
{
    [Fact]
    public async Task Three_senders_on_one_database_send_every_mail_exactly_once()
    {
        var marker = "送信の重複確認" + Guid.NewGuid().ToString("N")[..8];
        var mails = Enumerable.Range(1, 30)
            .Select(i => new OutgoingMail($"staff{i}@demo.munisocial.invalid", $"職員{i}", $"【{marker}】{i}", $"本文{i}"))
            .ToList();
        await app.DbAsync(async db =>
        {
            MailOutbox.Enqueue(db, mails, app.Clock.GetUtcNow(), marker);
            await db.SaveChangesAsync();
            return 0;
        });

        // The hosted sender was woken by the save; two more senders race it.
        var first = ActivatorUtilities.CreateInstance<MailOutboxSender>(app.Services);
        var second = ActivatorUtilities.CreateInstance<MailOutboxSender>(app.Services);
        await Task.WhenAll(first.SendDueAsync(default), second.SendDueAsync(default), first.SendDueAsync(default));

        var sent = await MailPolling.WaitForAsync(
            () => app.DbAsync(db => db.OutboxMails.AsNoTracking().Where(m => m.Topic == marker && m.SentAt != null).ToListAsync()), mails.Count);
        Assert.Equal(mails.Count, sent.Count);
        Assert.All(sent, m => Assert.Equal(1, m.Attempts));
        var received = app.Mail.Messages().Where(m => m.Subject?.Contains(marker, StringComparison.Ordinal) == true).Select(m => m.Subject).ToList();
        Assert.Equal(mails.Select(m => m.Subject).Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
    }
}
