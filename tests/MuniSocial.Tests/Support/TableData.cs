using MuniSocial.Domain;
using MuniSocial.Domain.Accounts;

namespace MuniSocial.Tests.Support;

/// <summary>
/// The people and places of the domain tables (accounts, posts): section A with two operators and its head,
/// section B, the PR office, an admin, the terms in force and two moments. Built in memory, no database.
/// </summary>
internal static class TableData
{
    public static readonly Guid SectionA = Guid.Parse("0195f000-0000-7000-8000-00000000000a");
    public static readonly Guid SectionB = Guid.Parse("0195f000-0000-7000-8000-00000000000b");
    public static readonly Guid PrSection = Guid.Parse("0195f000-0000-7000-8000-0000000000ff");
    public static readonly Guid Terms = Guid.Parse("0195f000-0000-7000-8000-000000000001");
    public static readonly DateTimeOffset T0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset T1 = T0.AddDays(1);

    public static readonly Actor Operator = new("op-a", "北 一郎", new HashSet<Role> { Role.Operator }, SectionA);
    public static readonly Actor Operator2 = new("op-a2", "北 二郎", new HashSet<Role> { Role.Operator }, SectionA);
    public static readonly Actor Head = new("head-a", "南 花子", new HashSet<Role> { Role.SectionHead }, SectionA);
    public static readonly Actor OtherOperator = new("op-b", "東 三郎", new HashSet<Role> { Role.Operator }, SectionB);
    public static readonly Actor OtherHead = new("head-b", "東 課長", new HashSet<Role> { Role.SectionHead }, SectionB);
    public static readonly Actor Pr = new("pr", "西 広報", new HashSet<Role> { Role.PrOffice }, PrSection);
    public static readonly Actor Admin = new("admin", "情報 管理", new HashSet<Role> { Role.Admin }, null);

    /// <summary>
    /// An X account (or one on <paramref name="platform"/>) of section A run by <see cref="Operator"/> and <see cref="Operator2"/> on weekdays 8:45–17:30, not
    /// replying, requested by <see cref="Head"/> and listed by <see cref="Pr"/> at <paramref name="at"/> (default <see cref="T0"/>).
    /// </summary>
    public static SocialAccount ListedAccount(string name, string url, DateTimeOffset? at = null, Platform platform = Platform.X, string? otherName = null)
    {
        var when = at ?? T0;
        var account = SocialAccount.Create(Operator, SectionA, new PolicyContent
        {
            Platform = platform,
            OtherPlatformName = otherName,
            AccountName = name,
            AccountUrl = url,
            Content = "市民に向けて、市の行事を発信します。",
            Purpose = "行事の周知のため。",
            PeriodStart = new DateOnly(2026, 4, 1),
            PeriodEnd = new DateOnly(2028, 3, 31),
            OperatingDays = OperatingDays.Weekdays,
            HoursStart = new TimeOnly(8, 45),
            HoursEnd = new TimeOnly(17, 30),
            ReplyPolicy = ReplyPolicyKind.NoReply,
            ReplyWording = Labels.DefaultReplyWording(ReplyPolicyKind.NoReply),
        }, [new StaffMember(Operator.UserId, Operator.Name, SectionA), new StaffMember(Operator2.UserId, Operator2.Name, SectionA)], when);
        account.RequestListing(Head, when, urlAlreadyRegistered: false);
        account.List(Pr, Terms, when);
        return account;
    }
}
