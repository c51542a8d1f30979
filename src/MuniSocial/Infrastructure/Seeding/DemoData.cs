using Microsoft.AspNetCore.Identity;
using MuniSocial.Domain.Guideline;
using MuniSocial.Domain.Operations;
using MuniSocial.Domain.Organisation;

namespace MuniSocial.Infrastructure.Seeding;

/// <summary>
/// The demo organisation, users and accounts in every lifecycle state, seeded only in demo mode (./run) and
/// only once; every demo user's password is <see cref="Password"/> and demo users cannot sign in outside demo mode.
/// </summary>
internal static class DemoData
{
    public const string Password = "MuniSocial-demo-2026";

    public static async Task SeedAsync(IServiceProvider sp, AppDbContext db, DateTimeOffset now)
    {
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var pr = await db.Sections.Include(s => s.Department).FirstAsync(s => s.IsPrOffice);
        var seisaku = pr.Department;
        var kikaku = new Section(seisaku, "企画課");
        var keizai = new Department("経済部", 2);
        var kanko = new Section(keizai, "営業戦略室", headTitle: "室長");
        var sangyo = new Section(keizai, "産業振興課");
        var fukushi = new Department("健康福祉部", 3);
        var kodomo = new Section(fukushi, "こども未来課");
        var kyoiku = new Department("教育部", 4);
        var shogai = new Section(kyoiku, "生涯学習課");
        db.AddRange(keizai, fukushi, kyoiku, kikaku, kanko, sangyo, kodomo, shogai);
        var kankoUnit = new Unit(kanko, "観光振興係");
        var kosodate = new Unit(kodomo, "子育て支援係");
        db.AddRange(new Unit(pr, "広報広聴係"), kankoUnit, new Unit(kanko, "ふるさと納税係"), kosodate, new Unit(shogai, "スポーツ係"));
        await db.SaveChangesAsync();

        async Task<Actor> User(string userName, string name, Section? section, EmploymentType type, params Role[] roles)
        {
            var user = new AppUser
            {
                UserName = userName,
                DisplayName = name,
                SectionId = section?.Id,
                EmploymentType = type,
                IsDemo = true,
                CreatedAt = now,
                Email = $"{userName}@demo.munisocial.invalid",
                EmailConfirmed = true,
            };
            var result = await users.CreateAsync(user, Password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
            }
            await users.AddToRolesAsync(user, roles.Select(r => r.ToString()));
            return new Actor(user.Id, name, roles.ToHashSet(), section?.Id);
        }

        var op = await User("demo-operator", "北 ひかり", kanko, EmploymentType.Regular, Role.Operator);
        var head = await User("demo-head", "南 大地", kanko, EmploymentType.Regular, Role.SectionHead);
        var op3 = await User("demo-operator3", "東 みのり", kanko, EmploymentType.FiscalYearAppointed, Role.Operator);
        var prUser = await User("demo-pr", "西 広報", pr, EmploymentType.Regular, Role.PrOffice, Role.Operator);
        await User("demo-pr2", "中央 報子", pr, EmploymentType.Regular, Role.PrOffice, Role.SectionHead);
        await User("demo-admin", "情報 管理", null, EmploymentType.Regular, Role.Admin);
        var op2 = await User("demo-operator2", "天塩 こころ", kodomo, EmploymentType.Reappointed, Role.Operator);
        var head2 = await User("demo-head2", "風連 まもる", kodomo, EmploymentType.Regular, Role.SectionHead);

        var terms = await db.CurrentTermsAsync();
        var today = Wareki.TodayIn(now);
        StaffMember M(Actor a) => new(a.UserId, a.Name, a.SectionId);
        PolicyContent Policy(Platform platform, string name, string url, string content, string purpose, DateOnly start, DateOnly end,
            ReplyPolicyKind reply, Guid? unit) => new()
            {
                UnitId = unit,
                Platform = platform,
                AccountName = name,
                AccountUrl = url,
                Content = content,
                Purpose = purpose,
                PeriodStart = start,
                PeriodEnd = end,
                OperatingDays = OperatingDays.Weekdays,
                HoursStart = new TimeOnly(8, 45),
                HoursEnd = new TimeOnly(17, 30),
                HoursNote = "ただし、それ以外の時間に発信する場合があります。",
                ReplyPolicy = reply,
                ReplyWording = Labels.DefaultReplyWording(reply),
            };
        var minutes = 0;
        DateTimeOffset T(int daysAgo) => now.AddDays(-daysAgo).AddMinutes(minutes++);

        SocialAccount Listed(Actor author, Actor sectionHead, Section section, PolicyContent content, int daysAgo, params Actor[] ops)
        {
            var a = SocialAccount.Create(author, section.Id, content, ops.Select(M).ToList(), T(daysAgo));
            a.RequestListing(sectionHead, T(daysAgo - 1), false);
            a.List(prUser, terms.Id, T(daysAgo - 2));
            db.Accounts.Add(a);
            return a;
        }

        var kankoInfo = Listed(op, head, kanko, Policy(Platform.X, "名寄市観光情報（デモ）", "https://x.com/nayoro_kanko_demo",
            "名寄市の観光・イベント情報を、市民及び観光客の皆さまに向けて発信します。",
            "市の魅力を広く発信し、観光客の増加と交流人口の拡大を図るため。",
            today.AddYears(-1), today.AddYears(2), ReplyPolicyKind.NoReply, kankoUnit.Id), 300, op, op3);
        var festival = Listed(op, head, kanko, Policy(Platform.Facebook, "なよろ雪質日本一フェス（デモ）", "https://www.facebook.com/nayoro.snowfes.demo",
            "なよろ雪質日本一フェスの開催情報、当日の様子及び結果を発信します。",
            "イベントの周知と参加者との交流のため。",
            today.AddYears(-1), today.AddDays(-40), ReplyPolicyKind.ReplyAsNeeded, kankoUnit.Id), 380, op, op3);
        var ski = Listed(op, head, kanko, Policy(Platform.Line, "名寄ピヤシリスキー場（デモ）", "https://lin.ee/nayoro-ski-demo",
            "スキー場の営業状況、リフト運行情報を発信します。", "利用者への迅速な営業情報の提供のため。",
            today.AddYears(-3), today.AddYears(1), ReplyPolicyKind.NoReply, null), 900, op, op3);
        ski.RequestDelisting(head, today.AddDays(-2), "指定管理者の公式アカウントへ情報発信を一本化したため。", true, T(1));
        var himawari = Listed(op, head, kanko, Policy(Platform.X, "なよろひまわりまつり（デモ・旧）", "https://x.com/nayoro_himawari_demo",
            "ひまわりまつりの開催情報を発信していました。", "イベントの周知のため。",
            today.AddYears(-4), today.AddYears(-1), ReplyPolicyKind.NoReply, null), 1500, op, op3);
        himawari.RequestDelisting(head, today.AddYears(-1), "イベントの運営を実行委員会へ移管したため。", true, T(360));
        himawari.Delist(prUser, T(358));

        var requested = SocialAccount.Create(op, kanko.Id, Policy(Platform.YouTube, "名寄市観光動画チャンネル（デモ）", "https://www.youtube.com/@nayoro_kanko_demo",
            "名寄市の四季の風景や観光スポットを紹介する動画を配信します。", "動画による視覚的なPRのため。",
            today.AddDays(10), today.AddYears(3), ReplyPolicyKind.NoReply, kankoUnit.Id), [M(op), M(op3)], T(5));
        requested.RequestListing(head, T(4), false);
        db.Accounts.Add(requested);

        db.Accounts.Add(SocialAccount.Create(op, kanko.Id, new PolicyContent
        {
            Platform = Platform.Instagram,
            AccountName = "なよろ もち米の里（デモ・作成中）",
            AccountUrl = "@nayoro_mochigome_demo",
            Content = "もち米の生産やイベントの様子を写真で発信します。",
            HoursStart = new TimeOnly(9, 0),
            HoursEnd = new TimeOnly(17, 0),
            ReplyWording = Labels.DefaultReplyWording(ReplyPolicyKind.NoReply),
        }, [M(op)], T(1)));

        var kosodateAccount = Listed(op2, head2, kodomo, Policy(Platform.Line, "なよろ子育て応援（デモ）", "https://lin.ee/nayoro-kosodate-demo",
            "子育て世帯に向けて、健診・予防接種・子育て支援の情報を発信します。", "子育て支援情報を必要な方へ迅速に届けるため。",
            today.AddYears(-2), today.AddYears(3), ReplyPolicyKind.NoReply, kosodate.Id), 700, op2, head2);
        // 運用状況の確認 (issue 5): past reviews by the heads; one account's review is overdue.
        DemoReviews.Seed(db, sp.GetRequiredService<Domain.Operations.BusinessCalendar>(), now, kankoInfo, festival, kosodateAccount, head, head2);
        await db.SaveChangesAsync();
        // The comments inbox (issue 10): a question, a complaint, an advertisement moderated as ⑸, an interim answer due soon.
        DemoComments.Seed(db, now, kankoInfo, festival, op, op3, head);
        await db.SaveChangesAsync();

        // Access holders (§2 個人アカウントと連携した場合, §5(3)イ): who can act on the platform. 旭 ゆうき kept the
        // 観光情報 login and was a page admin of the フェス page, then moved to 産業振興課 — flagged 要削除 until recorded.
        var asahi = await User("demo-operator4", "旭 ゆうき", kanko, EmploymentType.Regular, Role.Operator);
        AccessHolder Hold(Actor by, string accountName, AccessKind kind, Actor holder, string? handle, PlatformRole? role, string? note)
        {
            var account = db.Accounts.Local.Single(a => a.CurrentPolicy.AccountName == accountName);
            var h = AccessHolder.Add(by, account, new AccessHolderInput(kind, holder.UserId, handle, role, note), M(holder), [], T(200));
            db.Add(h);
            return h;
        }
        void TwoFactor(Actor by, string accountName, bool on, string? recipient) =>
            db.Add(AccountTwoFactor.Set(by, db.Accounts.Local.Single(a => a.CurrentPolicy.AccountName == accountName), null, on, recipient, T(200)));
        Hold(head, "名寄市観光情報（デモ）", AccessKind.CredentialKeeper, op, null, null, "ID・パスワードは課の金庫で封筒に入れて保管");
        Hold(head, "名寄市観光情報（デモ）", AccessKind.CredentialKeeper, asahi, null, null, "異動前の前任者");
        Hold(head, "なよろ雪質日本一フェス（デモ）", AccessKind.LinkedPersonalAccount, op3, "facebook.com/minori.higashi.demo", PlatformRole.Editor, null);
        Hold(head, "なよろ雪質日本一フェス（デモ）", AccessKind.LinkedPersonalAccount, asahi, "facebook.com/yuki.asahi.demo", PlatformRole.Admin, null);
        Hold(head2, "なよろ子育て応援（デモ）", AccessKind.CredentialKeeper, op2, null, null, "課の共用パスワード管理台帳");
        Hold(head2, "なよろ子育て応援（デモ）", AccessKind.LinkedPersonalAccount, head2, "LINE: 風連 まもる", PlatformRole.Admin, null);
        TwoFactor(head, "名寄市観光情報（デモ）", true, "北 ひかり（課の業務用携帯電話）");
        TwoFactor(head, "なよろ雪質日本一フェス（デモ）", false, null);
        TwoFactor(head2, "なよろ子育て応援（デモ）", true, "課の業務用携帯電話（認証アプリ）");
        // Incidents (§5(5)): one closed flaming with its whole timeline, one open impersonation.
        DemoIncidents.Seed(db, now, kankoInfo, op, head, prUser);
        await db.SaveChangesAsync();
        var moved = await users.FindByIdAsync(asahi.UserId);
        moved!.SectionId = sangyo.Id; // the April transfer, as the admin records it in /admin/users
        await users.UpdateAsync(moved);
        await AcknowledgeGuidelineAsync(db, now);
    }

    /// <summary>The demo users have read guideline version 1 (users the admin creates have not).</summary>
    private static async Task AcknowledgeGuidelineAsync(AppDbContext db, DateTimeOffset now)
    {
        var first = await db.GuidelineVersions.SingleAsync(v => v.Number == 1);
        var done = await db.GuidelineAcknowledgements.Where(a => a.VersionId == first.Id).Select(a => a.UserId).ToListAsync();
        var demo = await db.Users.Where(u => u.IsDemo && !done.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToListAsync();
        foreach (var user in demo)
        {
            db.Add(GuidelineAcknowledgement.ForDemoUser(user.Id, user.DisplayName, first, now));
        }
        await db.SaveChangesAsync();
    }
}
