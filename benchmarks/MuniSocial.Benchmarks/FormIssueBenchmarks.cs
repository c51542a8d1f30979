using BenchmarkDotNet.Attributes;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Forms;
using MuniSocial.Domain.Terms;
using MuniSocial.Infrastructure.Documents;

namespace MuniSocial.Benchmarks;

/// <summary>
/// Issuing one form as the workflow does: build the layout, render the PDF (PDFsharp, embedded IPAex
/// subset) and the Word file, hash both. Target: under 50 ms per form after warm-up, under 2 MB per PDF.
/// "Form1Long" is 様式1 with a 4,000-character purpose and a 60-character account name (several pages).
/// </summary>
[MemoryDiagnoser]
public class FormIssueBenchmarks
{
    private FormRendering _rendering = null!;
    private FormData _data = null!;

    [Params("Form1", "Form1Long", "Form2", "Form3", "Form4", "Form5")]
    public string Form { get; set; } = "Form1";

    [GlobalSetup]
    public void Setup()
    {
        _rendering = new FormRendering(FormFonts.Load());
        _data = Sample(Form);
    }

    [Benchmark]
    public int Issue()
    {
        var files = _rendering.Render(_data);
        return IssuedDocument.Sha256(files.Pdf).Length + IssuedDocument.Sha256(files.Docx).Length + files.Pdf.Length;
    }

    public static FormData Sample(string form)
    {
        var kind = Enum.Parse<FormKind>(form.Replace("Long", "", StringComparison.Ordinal));
        var longText = form.EndsWith("Long", StringComparison.Ordinal);
        var purpose = longText
            ? string.Concat(Enumerable.Range(1, 400).Select(i => $"目的{i:D4}、冬の暮らし。"))[..PolicyContent.LongTextMax]
            : "市の魅力を広く発信し、観光客の増加と交流人口の拡大を図るため。";
        var name = longText ? string.Concat(Enumerable.Repeat("なよろ長い名前", 9))[..60] : "名寄市観光情報";
        return new FormData
        {
            Kind = kind,
            Office = OfficeValues.Defaults,
            Date = new DateOnly(2026, 6, 1),
            DocumentNumber = kind is FormKind.Form3 or FormKind.Form5 ? "名広第12号" : null,
            DepartmentName = "経済部",
            SectionName = "営業戦略室",
            SectionHeadTitle = "室長",
            ContactNames = "北 ひかり、東 みのり",
            Policy = new PolicyFields(1, "観光振興係", OwnerKind.City, null, Platform.X, null, name, "https://x.com/nayoro_kanko",
                "名寄市の観光・イベント情報を、市民及び観光客の皆さまに向けて発信します。", purpose,
                new DateOnly(2026, 6, 1), new DateOnly(2029, 3, 31),
                PolicyContent.DescribeHours(OperatingDays.Weekdays, new TimeOnly(8, 45), new TimeOnly(17, 30), true, "ただし、それ以外の時間に発信する場合があります。"),
                ReplyPolicyKind.NoReply, Labels.DefaultReplyWording(ReplyPolicyKind.NoReply), "写真は市職員が撮影したものです。"),
            Terms = new TermsFields(1, TermsTemplateVersion.StandardNotices, TermsTemplateVersion.StandardIntellectualProperty, TermsTemplateVersion.StandardDisclaimers),
            ClosedOn = new DateOnly(2026, 5, 20),
            CloseReason = "指定管理者の公式アカウントへ情報発信を一本化したため。",
        };
    }
}
