using MuniSocial.Domain.Incidents;

namespace MuniSocial.Infrastructure.Seeding;

/// <summary>
/// The demo's bad days (§5(5)): a flaming on the 観光情報 account walked to the end and closed by the PR office, and
/// an impersonation of it still open with its deletion request on record. No mail is queued for them.
/// </summary>
internal static class DemoIncidents
{
    public static void Seed(AppDbContext db, DateTimeOffset now, SocialAccount account, Actor op, Actor head, Actor pr)
    {
        var opened = now.AddDays(-20);
        var flaming = Incident.Open(op, IncidentKind.Flaming, account, "雪まつりの駐車場案内の投稿に、混雑への批判の返信が一晩で200件以上寄せられている。", null, opened);
        flaming.AddSystemStep(op, null, "市広報担当へ通知（2名）: 西 広報、中央 報子", opened);
        flaming.AddStep(op, IncidentStepKind.Action, "no-rebuttal", "個別の返信で反論はせず、冷静に対応する方針を係内で確認した。", opened.AddMinutes(30));
        flaming.AddStep(head, IncidentStepKind.Event, "facts-checked", "投稿の内容（駐車場の場所・台数）に誤りはなかった。混雑は当日の臨時駐車場の閉鎖によるもの。", opened.AddHours(2));
        flaming.AddStep(pr, IncidentStepKind.Notification, "pr-consulted", "市広報担当と協議し、臨時駐車場の閉鎖と代替のシャトルバスを案内する投稿を行うこととした。", opened.AddHours(3));
        flaming.AddStep(op, IncidentStepKind.Action, null, "シャトルバスの案内を投稿した（通常の確認・了承を経て発信）。", opened.AddHours(5));
        flaming.Close(pr, "案内の投稿の後、批判の返信は翌日には収まった。", opened.AddDays(2));
        db.Incidents.Add(flaming);

        var found = now.AddDays(-2);
        var fake = Incident.Open(pr, IncidentKind.Impersonation, account, "「名寄市観光情報」を名乗り、プレゼント企画で個人情報を集める偽アカウントが見つかった。",
            "https://x.com/nayoro_kanko_dem0", found);
        fake.AddSystemStep(pr, "fake-recorded", "なりすましアカウントを記録しました: https://x.com/nayoro_kanko_dem0（X、発見 " + Wareki.FormatDateTime(found) + "）", found);
        fake.AddSystemStep(pr, null, "市広報担当へ通知（2名）: 西 広報、中央 報子", found);
        fake.AddStep(op, IncidentStepKind.Action, "platform-request", "X の運営者へ、なりすましとして削除を依頼した。", found.AddHours(1),
            new IncidentStepDetails("X-CASE-20260601-0042", Wareki.TodayIn(found), "受け付けた。調査のうえ対応するとの自動返信。"));
        db.Incidents.Add(fake);
    }
}
