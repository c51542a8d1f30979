using MuniSocial.Data;
using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Operations;

/// <summary>Test data for daily operation: fresh Listed accounts made through the domain's own transitions.</summary>
public static class OpsData
{
    /// <summary>
    /// A new account of the section of <paramref name="author"/>, listed by demo-pr at <paramref name="listedAt"/>
    /// (default: the fake clock's now) with the given operators.
    /// </summary>
    public static async Task<Guid> ListedAccountAsync(AppFactory app, string name, DateOnly periodEnd, string author = "demo-operator",
        string head = "demo-head", string[]? operators = null, DateTimeOffset? listedAt = null)
    {
        var by = await app.ActorAsync(author);
        var sectionHead = await app.ActorAsync(head);
        var pr = await app.ActorAsync("demo-pr2");
        var ops = new List<StaffMember>();
        foreach (var o in operators ?? [author, "demo-operator3"])
        {
            var a = await app.ActorAsync(o);
            ops.Add(new StaffMember(a.UserId, a.Name, a.SectionId));
        }
        var at = listedAt ?? app.Clock.GetUtcNow();
        return await app.DbAsync(async db =>
        {
            var terms = await db.CurrentTermsAsync();
            var unique = Guid.NewGuid().ToString("N")[..10];
            var account = SocialAccount.Create(by, by.SectionId!.Value, new PolicyContent
            {
                Platform = Platform.X,
                AccountName = name,
                AccountUrl = $"https://x.com/t_{unique}",
                Content = "テスト用の発信内容です。",
                Purpose = "テストのため。",
                PeriodStart = Wareki.TodayIn(at).AddYears(-1),
                PeriodEnd = periodEnd,
                HoursStart = new TimeOnly(8, 45),
                HoursEnd = new TimeOnly(17, 30),
                ReplyPolicy = ReplyPolicyKind.NoReply,
                ReplyWording = Labels.DefaultReplyWording(ReplyPolicyKind.NoReply),
            }, ops, at.AddMinutes(-3));
            account.RequestListing(sectionHead, at.AddMinutes(-2), false);
            account.List(pr, terms.Id, at.AddMinutes(-1));
            db.Accounts.Add(account);
            await db.SaveChangesAsync();
            return account.Id;
        });
    }
}
