using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Terms;

namespace MuniSocial.Domain.Forms;

/// <summary>
/// The five forms as the guideline prints them (its last pages), filled from <see cref="FormData"/>.
/// Wording follows the paper forms; where the paper leaves a blank, the blank form keeps it.
/// </summary>
public static class FormLayouts
{
    public const string BlankDate = "　　年　　月　　日";
    private const string Ws = "　";

    public static FormLayout Build(FormData d) => d.Kind switch
    {
        FormKind.Form1 => Policy(d),
        FormKind.Form2 => ListingRequest(d),
        FormKind.Form3 => ListingNotice(d),
        FormKind.Form4 => DelistingRequest(d),
        FormKind.Form5 => DelistingNotice(d),
        _ => throw new ArgumentOutOfRangeException(nameof(d), d.Kind, "unknown form"),
    };

    /// <summary>様式1 運用ポリシー: every policy field, then the standard terms in force.</summary>
    private static FormLayout Policy(FormData d)
    {
        var p = d.Policy;
        var blocks = new List<FormBlock> { new FormNumberBlock(FormKinds.PrintedLabel(FormKind.Form1)) };
        if (p is not null && d.Date is { } date)
        {
            var terms = d.Terms is { } t ? $"（標準規約 第{t.Number}版）" : "";
            blocks.Add(new LineBlock($"第{p.Number}版{terms}　{Wareki.Format(date)}", LineAlign.Right));
        }
        blocks.Add(new TitleBlock("運用ポリシー"));
        blocks.Add(new SpaceBlock(0.5));
        var owner = p is null
            ? $"{Ws}{Ws}{Ws}{Ws}部{Ws}{Ws}{Ws}{Ws}課{Ws}{Ws}{Ws}{Ws}係"
            : string.Join(Ws, new[] { d.DepartmentName, d.SectionName, p.UnitName }.Where(s => !string.IsNullOrWhiteSpace(s)));
        if (p?.OwnerKind == OwnerKind.RelatedOrganisation && !string.IsNullOrWhiteSpace(p.RelatedOrganisationName))
        {
            owner += $"\n（運営：{p.RelatedOrganisationName}）";
        }
        var account = p is null ? "" : string.Join('\n', new[] { p.AccountName, p.AccountUrl }.Where(s => !string.IsNullOrWhiteSpace(s)));
        if (p is { AlternateUrls.Count: > 0 })
        {
            account += $"\n（この他のアドレス：{string.Join("、", p.AlternateUrls)}）";
        }
        var period = p is null ? $"{BlankDate}{Ws}～{Ws}{BlankDate}" : $"{DateOrBlank(p.PeriodStart)}{Ws}～{Ws}{DateOrBlank(p.PeriodEnd)}";
        var hours = p is null
            ? "（記載例）\n〇曜日から〇曜日までの〇〇時〇〇分から〇〇時〇〇分までとします（祝日及び年末年始を除く）。ただし、それ以外の時間に発信する場合があります。"
            : p.HoursText;
        var reply = p is null
            ? "（記載例）\n（返信しない場合）\n原則として行いません。\n個別の回答はできませんので，あらかじめ御了承ください。\n（返信する場合）\n運用者は必要に応じて回答を行います。ただし，運用者が全ての投稿を閲覧し投稿に対して回答することを保証するものではありません。"
            : (p.ReplyPolicy is { } kind ? $"【{Labels.Of(kind)}】\n" : "") + (p.ReplyWording ?? "");
        blocks.Add(new TableBlock(
        [
            new TableRow("開設所属", owner),
            new TableRow("発信する情報の内容", p?.Content ?? "", 3),
            new TableRow("開設・運用の目的", p?.Purpose ?? "", 3),
            new TableRow("利用するソーシャルメディアの種類", Checkboxes(p?.Platform, p?.OtherPlatformName), 2),
            new TableRow("アカウント名", account, 2),
            new TableRow("運用期間", period),
            new TableRow("運用時間", hours, 3),
            new TableRow("投稿に対する返信", reply, 4),
            new TableRow("備考", p?.Remarks ?? "", 2),
        ]));
        blocks.Add(new SpaceBlock());
        var terms2 = d.Terms ?? new TermsFields(0, TermsTemplateVersion.StandardNotices, TermsTemplateVersion.StandardIntellectualProperty, TermsTemplateVersion.StandardDisclaimers);
        blocks.Add(new HeadingBlock("（その他）"));
        blocks.Add(new HeadingBlock("１　注意事項"));
        blocks.Add(new ParagraphBlock("以下に定める投稿は禁止しておりますので，予告なく削除することがあります。"));
        blocks.Add(new ListBlock(terms2.Notices.Select((n, i) => new ListItem(TermsTemplateVersion.Numeral(i + 1), n)).ToList()));
        blocks.Add(new HeadingBlock("２　知的財産権"));
        blocks.Add(new ParagraphBlock(terms2.IntellectualProperty));
        blocks.Add(new HeadingBlock("３　免責事項"));
        blocks.Add(new ListBlock(terms2.Disclaimers.Select((n, i) => new ListItem(TermsTemplateVersion.Numeral(i + 1), n)).ToList()));
        return new FormLayout(FormKind.Form1, "運用ポリシー", blocks);
    }

    /// <summary>様式2 掲載依頼書: from the section to the PR office's head, with 様式1 attached.</summary>
    private static FormLayout ListingRequest(FormData d)
    {
        var city = d.Office.CityName;
        var title = FormKinds.Name(FormKind.Form2, city);
        var blocks = LetterHead(d, toPrOffice: true);
        blocks.Add(new TitleBlock(title));
        blocks.Add(new SpaceBlock());
        blocks.Add(new ParagraphBlock($"別添の運用ポリシーのとおり、ソーシャルメディアを開設しましたので、市公式ホームページの「{city}ソーシャルメディア一覧」ページへの掲載を依頼します。"));
        blocks.Add(new SpaceBlock(2));
        blocks.Add(new LineBlock("（添付書類）", LineAlign.Left));
        var name = d.Policy?.AccountName is { Length: > 0 } n ? $"「{n}」（第{d.Policy.Number}版）" : "";
        blocks.Add(new LineBlock($"１　運用ポリシー（様式１）{name}", LineAlign.Left));
        return new FormLayout(FormKind.Form2, title, blocks);
    }

    /// <summary>様式3 掲載通知書: from the PR office's head to the section's head.</summary>
    private static FormLayout ListingNotice(FormData d)
    {
        var city = d.Office.CityName;
        var title = FormKinds.Name(FormKind.Form3, city);
        var blocks = LetterHead(d, toPrOffice: false);
        blocks.Add(new TitleBlock(title));
        blocks.Add(new SpaceBlock());
        blocks.Add(new ParagraphBlock($"{YourSection(d)}からの{city}ソーシャルメディア一覧掲載依頼書に基づき、次のとおり市公式ホームページの「{city}ソーシャルメディア一覧」ページへの掲載を完了しましたので通知します。"));
        blocks.Add(new SpaceBlock());
        var p = d.Policy;
        var remarks = p is null ? "" : string.Join('\n', new[]
        {
            $"ソーシャルメディアの種類：{PlatformLabels.Of(p.Platform, p.OtherPlatformName)}",
            string.IsNullOrWhiteSpace(p.AccountUrl) ? null : $"URL：{p.AccountUrl}",
            $"運用期間：{DateOrBlank(p.PeriodStart)}～{DateOrBlank(p.PeriodEnd)}",
            $"運用ポリシー第{p.Number}版" + (d.Terms is { } t ? $"（標準規約第{t.Number}版）" : "") + "を掲載",
        }.Where(s => s is not null));
        blocks.Add(new TableBlock([new TableRow("アカウント名", p?.AccountName ?? "", 2), new TableRow("備考", remarks, 4)]));
        return new FormLayout(FormKind.Form3, title, blocks);
    }

    /// <summary>様式4 削除依頼書: the account was deleted on the platform; 閉鎖日 and 閉鎖理由.</summary>
    private static FormLayout DelistingRequest(FormData d)
    {
        var city = d.Office.CityName;
        var title = FormKinds.Name(FormKind.Form4, city);
        var blocks = LetterHead(d, toPrOffice: true);
        blocks.Add(new TitleBlock(title));
        blocks.Add(new SpaceBlock());
        blocks.Add(new ParagraphBlock($"次のとおり、ソーシャルメディアを閉鎖しましたので、市公式ホームページの「{city}ソーシャルメディア一覧」ページからの削除を依頼します。"));
        blocks.Add(new SpaceBlock());
        var p = d.Policy;
        var account = p is null ? "" : string.Join('\n', new[] { p.AccountName, p.AccountUrl }.Where(s => !string.IsNullOrWhiteSpace(s)));
        blocks.Add(new TableBlock(
        [
            new TableRow("ソーシャルメディアの種類", Checkboxes(p?.Platform, p?.OtherPlatformName), 2),
            new TableRow("アカウント名", account, 2),
            new TableRow("閉鎖日", d.ClosedOn is { } c ? Wareki.Format(c) : "令和　　年　　月　　日"),
            new TableRow("閉鎖理由", d.CloseReason ?? "", 4),
        ]));
        return new FormLayout(FormKind.Form4, title, blocks);
    }

    /// <summary>様式5 削除通知書: from the PR office's head to the section's head.</summary>
    private static FormLayout DelistingNotice(FormData d)
    {
        var city = d.Office.CityName;
        var title = FormKinds.Name(FormKind.Form5, city);
        var blocks = LetterHead(d, toPrOffice: false);
        blocks.Add(new TitleBlock(title));
        blocks.Add(new SpaceBlock());
        blocks.Add(new ParagraphBlock($"{YourSection(d)}からの{city}ソーシャルメディア一覧削除依頼書に基づき、次のとおり市公式ホームページの「{city}ソーシャルメディア一覧」ページからの削除を完了しましたので通知します。"));
        blocks.Add(new SpaceBlock());
        var p = d.Policy;
        var remarks = p is null ? "" : string.Join('\n', new[]
        {
            $"ソーシャルメディアの種類：{PlatformLabels.Of(p.Platform, p.OtherPlatformName)}",
            string.IsNullOrWhiteSpace(p.AccountUrl) ? null : $"URL：{p.AccountUrl}",
            d.ClosedOn is { } c ? $"閉鎖日：{Wareki.Format(c)}" : null,
        }.Where(s => s is not null));
        blocks.Add(new TableBlock([new TableRow("アカウント名", p?.AccountName ?? "", 2), new TableRow("備考", remarks, 4)]));
        return new FormLayout(FormKind.Form5, title, blocks);
    }

    /// <summary>
    /// The head of a letter as on the paper forms: 様式番号, (文書番号,) date, addressee, sender.
    /// Requests go from the section (部 課 / 課長 / （担当：）) to the PR office's head; notices back.
    /// </summary>
    private static List<FormBlock> LetterHead(FormData d, bool toPrOffice)
    {
        var blocks = new List<FormBlock> { new FormNumberBlock(FormKinds.PrintedLabel(d.Kind)) };
        if (!toPrOffice && d.DocumentNumber is { Length: > 0 } number)
        {
            blocks.Add(new LineBlock(number, LineAlign.Right));
        }
        blocks.Add(new LineBlock(d.Date is { } date ? Wareki.Format(date) : BlankDate, LineAlign.Right));
        blocks.Add(new SpaceBlock());
        var section = d.IsBlank
            ? [$"{Ws}{Ws}{Ws}{Ws}部{Ws}{Ws}{Ws}{Ws}課", "課長", $"（担当：{Ws}{Ws}{Ws}{Ws}{Ws}{Ws}）"]
            : new[] { $"{d.DepartmentName}{Ws}{d.SectionName}", d.SectionHeadTitle, $"（担当：{d.ContactNames}）" };
        if (toPrOffice)
        {
            blocks.Add(new LineBlock(d.Office.PrHeadTitle, LineAlign.Left));
            blocks.Add(new SpaceBlock());
            blocks.AddRange(section.Select(s => new LineBlock(s, LineAlign.Sender)));
        }
        else
        {
            blocks.Add(new LineBlock(d.IsBlank ? $"{Ws}{Ws}{Ws}{Ws}{Ws}{Ws}課長" : SectionHeadAddress(d.SectionName, d.SectionHeadTitle), LineAlign.Left));
            blocks.Add(new SpaceBlock());
            blocks.Add(new LineBlock(d.Office.PrHeadTitle, LineAlign.Sender));
        }
        blocks.Add(new SpaceBlock(2));
        return blocks;
    }

    /// <summary>こども未来課 + 課長 → こども未来課長; 営業戦略室 + 室長 → 営業戦略室長; otherwise "課名　職名".</summary>
    public static string SectionHeadAddress(string sectionName, string headTitle) =>
        headTitle.Length == 2 && headTitle[1] == '長' && sectionName.EndsWith(headTitle[0])
            ? sectionName + "長"
            : $"{sectionName}{Ws}{headTitle}";

    /// <summary>貴課 / 貴室 … as the section is called.</summary>
    private static string YourSection(FormData d) => d.IsBlank || d.SectionName.Length == 0
        ? "貴課"
        : d.SectionName[^1] is '課' or '室' or '局' or '所' or '館' or '部' or '係' ? $"貴{d.SectionName[^1]}" : "貴所属";

    /// <summary>□ＬＩＮＥ □フェイスブック □ツイッター □その他（ ） with ■ for the chosen one.</summary>
    public static string Checkboxes(Platform? platform, string? otherName)
    {
        static string Box(bool on) => on ? "■" : "□";
        var other = PlatformLabels.InOtherBox(platform, otherName);
        return $"{Box(platform == Platform.Line)}ＬＩＮＥ{Ws}{Box(platform == Platform.Facebook)}フェイスブック{Ws}{Box(platform == Platform.X)}ツイッター（Ｘ）\n"
            + $"{Box(other is not null)}その他（{(other is { Length: > 0 } ? other : $"{Ws}{Ws}{Ws}{Ws}{Ws}{Ws}")}）";
    }

    private static string DateOrBlank(DateOnly? date) => date is { } d ? Wareki.Format(d) : BlankDate;
}
