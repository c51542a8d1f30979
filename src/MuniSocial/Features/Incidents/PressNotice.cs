using MuniSocial.Domain.Forms;
using MuniSocial.Domain.Incidents;
using MuniSocial.Features.Forms;
using MuniSocial.Infrastructure.Documents;
using Microsoft.Extensions.Options;

namespace MuniSocial.Features.Incidents;

/// <summary>
/// §5(5)イ(イ) 必要に応じて報道機関などへ情報提供: a Word draft 「報道機関への情報提供」 made from an impersonation's
/// record when the PR office decides — the office's name, today's date in 和暦, the fake account, the deletion request,
/// what citizens should do and whom to contact. The PR office edits and sends it, then records the playbook item.
/// </summary>
public static class PressNotice
{
    public const string Title = "報道機関への情報提供";
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static FormLayout Layout(Incident incident, OfficeValues office, DateOnly today, string verifyUrl)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(office);
        var request = incident.Steps.Where(s => s.PlaybookItem == "platform-request").OrderBy(s => s.At).FirstOrDefault();
        var platform = PlatformAddressRules.Guess(incident.FakeUrl);
        var rows = new List<TableRow>
        {
            new("なりすましアカウント", incident.FakeUrl ?? ""),
            new("サービス", Labels.Of(platform)),
            new("確認した日", Wareki.Format(incident.OpenedAt)),
            new("本市の対応", request is null
                ? "サービスの運営者へ削除を依頼します。"
                : $"{(request.OccurredOn is { } d ? Wareki.Format(d) : Wareki.Format(request.At))}にサービスの運営者へ削除を依頼しました"
                  + (request.Reference is null ? "。" : $"（受付番号 {request.Reference}）。") + (request.Answer is null ? "" : $" 運営者の回答: {request.Answer}")),
        };
        return new FormLayout(FormKind.Form1, Title,
        [
            new LineBlock(Wareki.Format(today), LineAlign.Right),
            new LineBlock("報道機関 各位", LineAlign.Left),
            new LineBlock($"{office.CityName} {office.PrOfficeName}", LineAlign.Sender),
            new TitleBlock(Title),
            new HeadingBlock($"{office.CityName}の公式ソーシャルメディアを装ったアカウント（なりすまし）について"),
            new ParagraphBlock($"{office.CityName}の公式アカウントであるかのように装ったアカウントが確認されました。このアカウントは{office.CityName}が開設したものではありません。"
                + "市民の皆さまが誤って情報を信じたり、個人情報を送ったりすることのないよう、周知へのご協力をお願いいたします。"),
            new TableBlock(rows),
            new HeadingBlock("市民の皆さまへのお願い"),
            new ListBlock(
            [
                new ListItem("・", "上記のアカウントをフォローしたり、投稿を共有したりしないでください。"),
                new ListItem("・", "上記のアカウントからのメッセージやリンクには応じず、個人情報やパスワードを入力しないでください。"),
                new ListItem("・", $"{office.CityName}の公式アカウントは、市公式ホームページの「{office.CityName}ソーシャルメディア一覧」に掲載しているものだけです。アカウントが公式かどうかは次のページで確かめられます: {verifyUrl}"),
                new ListItem("・", "不審なアカウントを見つけたときは、下記までお知らせください。"),
            ]),
            new HeadingBlock("お問い合わせ"),
            new ParagraphBlock($"{office.CityName} {office.PrOfficeName}（{office.PrHeadTitle}）", Indent: false),
        ]);
    }

    public static byte[] Render(FormLayout layout) => DocxFormRenderer.Render(layout, Title);

    /// <summary>GET /incidents/{id}/press-notice.docx (the PR office): the draft of an impersonation incident; 404 for any other.</summary>
    public static async Task<IResult> DownloadAsync(Guid id, AppDbContext db, CurrentActor current, TimeProvider clock, IOptions<OfficeOptions> office,
        Infrastructure.Email.MailSender mail, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var incident = await db.FindVisibleIncidentAsync(id, actor, ct);
        if (incident is null || incident.Kind != IncidentKind.Impersonation || !actor.Is(Role.PrOffice))
        {
            return Results.NotFound();
        }
        var now = clock.GetUtcNow();
        var layout = Layout(incident, await db.OfficeAsync(office, ct), Wareki.TodayIn(now), $"{mail.LinkBase}/verify");
        return Results.File(Render(layout), DocxType, $"press-notice-{Wareki.TodayIn(now):yyyyMMdd}.docx");
    }
}

public static class IncidentsSetup
{
    /// <summary>The press notice download (a page-side endpoint) and the /api/v1/incidents endpoints.</summary>
    public static void MapIncidents(this WebApplication app, RouteGroupBuilder api)
    {
        app.MapGet("/incidents/{id:guid}/press-notice.docx", PressNotice.DownloadAsync).RequireAuthorization(Policies.PrOffice).ExcludeFromDescription();
        api.MapIncidentsApi();
    }
}
