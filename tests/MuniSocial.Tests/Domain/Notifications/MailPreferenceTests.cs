using MuniSocial.Domain;
using MuniSocial.Domain.Notifications;

namespace MuniSocial.Tests.Domain.Notifications;

/// <summary>A person turns hand-off mails off for themself only; trouble mails cannot be turned off.</summary>
public sealed class MailPreferenceTests
{
    private static readonly Actor Me = new("u1", "北 ひかり", new HashSet<Role> { Role.Operator }, Guid.NewGuid());
    private static readonly DateTimeOffset At = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(MailKind.Incident)]
    [InlineData(MailKind.UnapprovedPost)]
    [InlineData(MailKind.PublishingPause)]
    [InlineData(MailKind.FailedSend)]
    public void A_trouble_mail_cannot_be_turned_off(MailKind kind)
    {
        var preference = new MailPreference(Me.UserId);
        var refused = Assert.Throws<DomainRuleException>(() => preference.Set(Me, [MailKind.PostApproved, kind], At));
        Assert.Equal("mail-trouble-always", refused.Rule);
        Assert.Equal($"「{MailKinds.Label(kind)}」の通知は止められません。{MailKinds.CannotTurnOffReason}", refused.Message);
        Assert.Equal("", preference.Off);
        Assert.Equal(0, preference.Version);
        Assert.True(preference.Wants(kind));
    }

    [Fact]
    public void A_hand_off_mail_is_turned_off_and_on_again()
    {
        var preference = new MailPreference(Me.UserId);
        preference.Set(Me, [MailKind.PostApproved, MailKind.PostAwaitingCheck, MailKind.PostApproved], At);
        Assert.False(preference.Wants(MailKind.PostApproved));
        Assert.False(preference.Wants(MailKind.PostAwaitingCheck));
        Assert.True(preference.Wants(MailKind.PostSentBack));
        Assert.Equal("PostAwaitingCheck,PostApproved", preference.Off);
        Assert.Equal(1, preference.Version);
        preference.Set(Me, [], At);
        Assert.True(preference.Wants(MailKind.PostApproved));
        Assert.Equal(2, preference.Version);
    }

    [Fact]
    public void Nobody_sets_another_persons_mails()
    {
        var preference = new MailPreference("someone-else");
        Assert.Throws<DomainForbiddenException>(() => preference.Set(Me, [MailKind.PostApproved], At));
        Assert.Equal(0, preference.Version);
    }
}
