using MuniSocial.Domain.Posts;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Domain.Posts;

/// <summary>
/// The categories of issue 10 item 11 (§6(1)キ, §6(2)ウ, 注意事項⑶⑸⑹⑺⑽), names next to ages and the further
/// groupings of 個人番号, as tables; the corpus measures them as a whole (<see cref="ContentCheckerTests"/>).
/// </summary>
public sealed class ContentCheckCategoriesTests
{
    private static IReadOnlyList<Finding> Check(string text) => ContentChecker.Default.Check(text, new CheckContext(null));

    [Theory]
    [InlineData(FindingKind.Incitement, "6(1)キ・注意事項⑽", Severity.Error)]
    [InlineData(FindingKind.Security, "6(2)ウ", Severity.Error)]
    [InlineData(FindingKind.PoliticalOrReligious, "注意事項⑶", Severity.Warning)]
    [InlineData(FindingKind.PublicOrder, "6(1)キ・注意事項⑺", Severity.Warning)]
    [InlineData(FindingKind.Advertising, "注意事項⑸", Severity.Warning)]
    [InlineData(FindingKind.Discrimination, "6(1)キ・注意事項⑹", Severity.Warning)]
    public void New_kinds_cite_their_clause_and_take_their_default_severity(FindingKind kind, string clause, Severity severity)
    {
        Assert.Equal(clause, FindingKinds.Clause(kind));
        Assert.Equal(severity, FindingKinds.DefaultSeverity(kind));
        Assert.Equal(kind, FindingKinds.FromCode(FindingKinds.Code(kind)));
        Assert.NotEqual(kind.ToString(), FindingKinds.Label(kind));
    }

    [Theory]
    [InlineData("会場Wi-Fiのパスワード: nayoro2026! です。", "パスワード: nayoro2026")] // a closing "!" reads as the sentence's
    [InlineData("ＰＷ＝Ｈｉｍａ０７２１", "ＰＷ＝Ｈｉｍａ０７２１")]
    [InlineData("プリンタは 192.168.10.25:9100 にあります。", "192.168.10.25:9100")]
    [InlineData("資料は http://10.1.2.3/share にあります。", "10.1.2.3")]
    [InlineData("内部サイト intra.city.nayoro.lg.jp をご覧ください。", "intra.city.nayoro.lg.jp")]
    [InlineData("会議資料は nas01.kikaku.local に置きました。", "nas01.kikaku.local")]
    [InlineData("キーは AKIAIOSFODNN7EXAMPLE です。", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("Webサーバは Apache 2.4.41 です。", "Apache 2.4.41")]
    public void Security_findings_point_at_what_must_not_go_out(string text, string expected)
    {
        var f = Assert.Single(Check(text), f => f.Kind == FindingKind.Security);
        Assert.Equal(expected, text.Substring(f.Start, f.Length));
        Assert.Equal(Severity.Error, f.Severity);
    }

    [Theory]
    [InlineData("パスワードを忘れた方は再設定してください。")]
    [InlineData("パスワードは英数字8文字以上で設定してください。")]
    [InlineData("「12345678」などの推測されやすいパスワードは使わないでください。")]
    [InlineData("詳しくは https://www.city.nayoro.lg.jp/ をご覧ください。")]
    [InlineData("北海道 https://www.pref.hokkaido.lg.jp/ の発表です。")]
    [InlineData("公開サーバ 203.0.113.10 は市のサイトではありません。")]
    [InlineData("Windows 10 のサポートが終了します。")]
    [InlineData("本日の気温は10.5度でした。")]
    public void City_help_text_public_sites_and_public_addresses_are_not_security_findings(string text) =>
        Assert.DoesNotContain(Check(text), f => f.Kind == FindingKind.Security);

    [Theory]
    [InlineData("山田太郎（45歳）が代表してあいさつしました。", "山田太郎")]
    [InlineData("山田 太郎さん(45)が見つかりました。", "山田 太郎さん")]
    [InlineData("救助されたのは佐藤花子・32歳です。", "佐藤花子")]
    public void A_name_next_to_an_age_is_personal_data(string text, string name)
    {
        var f = Assert.Single(Check(text), f => f.Kind == FindingKind.NameWithDetails);
        Assert.Equal(name, text.Substring(f.Start, f.Length));
    }

    [Theory]
    [InlineData("65歳以上の方が対象です。")]
    [InlineData("3歳児健診のお知らせです。")]
    [InlineData("20歳のつどいを開催します。")]
    [InlineData("市内在住・65歳以上の方")]
    [InlineData("女性（45歳）から届け出がありました。")]
    [InlineData("長女・5歳と参加しました。")]
    public void Ages_without_a_name_are_not_personal_data(string text) =>
        Assert.DoesNotContain(Check(text), f => f.Kind == FindingKind.NameWithDetails);

    [Theory]
    [InlineData("526 018 159 084", true)] // 3-3-3-3
    [InlineData("30166-1318600", true)] // 5-7
    [InlineData("9139.0996.0300", true)] // dotted 4-4-4
    [InlineData("８２４６　２８１９　４８２６", true)] // full-width digits and spaces
    [InlineData("1993  5181  9090", true)] // two spaces between groups
    [InlineData("526 018 159 087", false)] // wrong check digit
    [InlineData("30166-1318603", false)]
    [InlineData("9139.0996.0303", false)]
    [InlineData("192.168.100.200", false)] // an IPv4 address is 3.3.3.3 with dots, never a 個人番号
    [InlineData("0120-123-456-789", false)]
    public void My_number_is_found_in_the_groupings_people_write_it_in(string number, bool found)
    {
        var text = $"番号は{number}です。";
        var f = Check(text).SingleOrDefault(f => f.Kind == FindingKind.MyNumber);
        Assert.Equal(found, f is not null);
        if (f is not null)
        {
            Assert.Equal(number, text.Substring(f.Start, f.Length));
        }
    }

    [Fact]
    public void Advertising_and_discrimination_are_looked_for_only_in_comments()
    {
        const string text = "副業で月30万！詳しくは https://bit.ly/3kAbCd へ。外国人は出て行け。";
        var post = Check(text);
        Assert.DoesNotContain(post, f => f.Kind is FindingKind.Advertising or FindingKind.Discrimination);
        var comment = ContentChecker.Default.CheckComment(text);
        Assert.Equal(2, comment.Count(f => f.Kind == FindingKind.Advertising)); // the phrase and the shortened link
        Assert.Single(comment, f => f.Kind == FindingKind.Discrimination);
    }

    [Fact]
    public void Context_words_near_a_phrase_make_it_a_notice_not_an_offence()
    {
        Assert.Single(Check("大麻を安く譲ります。"), f => f.Kind == FindingKind.PublicOrder);
        Assert.DoesNotContain(Check("大麻の乱用防止教室を開きます。"), f => f.Kind == FindingKind.PublicOrder);
        Assert.Single(Check("市役所を爆破してやる。"), f => f.Kind == FindingKind.Incitement);
        Assert.DoesNotContain(Check("市役所を爆破するとの予告があり、警察が調べています。"), f => f.Kind == FindingKind.Incitement);
        Assert.DoesNotContain(Check("燃やせるごみは月曜日です。"), f => f.Kind == FindingKind.Incitement);
    }

    [Fact]
    public void The_pr_office_exceptions_apply_to_the_built_in_rules_too()
    {
        var rules = ContentCheckRules.Default with { Exceptions = [.. ContentCheckRules.Default.Exceptions, "布教の歴史"] };
        var checker = new ContentChecker(rules, new MuniSocial.Domain.Operations.BusinessCalendar());
        Assert.Single(Check("布教の歴史展を開きます。"), f => f.Kind == FindingKind.PoliticalOrReligious);
        Assert.DoesNotContain(checker.Check("布教の歴史展を開きます。", new CheckContext(null)), f => f.Kind == FindingKind.PoliticalOrReligious);
    }

    [Fact]
    public void Settings_saved_before_the_new_kinds_existed_give_them_their_default_severity_until_saved_again()
    {
        var settings = ContentCheckSettings.CreateDefault();
        Assert.Equal(Severity.Error, settings.ToRules().SeverityOf(FindingKind.Security));

        // A row saved before issue 10: it names only the kinds of then, and knows no others.
        typeof(ContentCheckSettings).GetProperty(nameof(ContentCheckSettings.ErrorKinds))!.SetValue(settings, "my-number,expression");
        typeof(ContentCheckSettings).GetProperty(nameof(ContentCheckSettings.KnownKinds))!.SetValue(settings, "");
        var legacy = settings.ToRules();
        Assert.Equal(Severity.Error, legacy.SeverityOf(FindingKind.Security));
        Assert.Equal(Severity.Error, legacy.SeverityOf(FindingKind.Incitement));
        Assert.Equal(Severity.Warning, legacy.SeverityOf(FindingKind.PoliticalOrReligious));
        Assert.Equal(Severity.Warning, legacy.SeverityOf(FindingKind.Confidential)); // an old kind the PR office had made a warning

        // Saved again with Security unticked: now the PR office has decided.
        settings.Update(TableData.Pr, new ContentCheckSettings.Input("バカ", "", "", "", "bit.ly", "city.nayoro.lg.jp", [FindingKind.Incitement]), TableData.T1);
        var saved = settings.ToRules();
        Assert.Equal(Severity.Warning, saved.SeverityOf(FindingKind.Security));
        Assert.Equal(Severity.Error, saved.SeverityOf(FindingKind.Incitement));
    }
}
