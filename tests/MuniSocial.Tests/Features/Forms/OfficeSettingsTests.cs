using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using AngleSharp.Dom;
using MuniSocial.Domain.Forms;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Forms;

/// <summary>The office settings come from configuration, and an admin changes them without a restart (audited).</summary>
public sealed class OfficeSettingsTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static Dictionary<string, string> Fields(string city, string office, string head, string number) => new()
    {
        ["Input.CityName"] = city,
        ["Input.PrOfficeName"] = office,
        ["Input.PrHeadTitle"] = head,
        ["Input.DocumentNumberFormat"] = number,
    };

    [Fact]
    public async Task Only_the_admin_edits_the_settings()
    {
        foreach (var user in new[] { "demo-pr", "demo-operator", "demo-head" })
        {
            var client = await app.SignInAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/office")).StatusCode);
        }
        var admin = await app.SignInAsync("demo-admin");
        var page = await admin.GetDocumentAsync("/admin/office");
        Assert.Equal("名寄市", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name='Input.CityName']")!.Value);
        Assert.EndsWith("課長", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name='Input.PrHeadTitle']")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_message_naming_the_field_and_nothing_is_saved()
    {
        var admin = await app.SignInAsync("demo-admin");
        var before = await app.DbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "office.settings-changed"));
        var empty = await admin.PostFormAsync("/admin/office", Fields("", "総合政策部秘書広報課", "総合政策部秘書広報課長", ""), formAction: "/admin/office");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("市の名称を入力してください。", (await Html.ParseAsync(empty)).Text(), StringComparison.Ordinal);
        var number = await admin.PostFormAsync("/admin/office", Fields("名寄市", "総合政策部秘書広報課", "総合政策部秘書広報課長", "名広第号"), formAction: "/admin/office");
        Assert.Contains("{n}", (await Html.ParseAsync(number)).Text(), StringComparison.Ordinal);
        Assert.Equal(before, await app.DbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "office.settings-changed")));
    }

    [Fact]
    public async Task Changed_settings_are_audited_and_printed_on_the_next_forms_with_the_document_number()
    {
        var admin = await app.SignInAsync("demo-admin");
        var saved = await admin.PostFormAsync("/admin/office", Fields("名寄市", "総合政策部広報課", "総合政策部広報課長", "名広第{n}号"), formAction: "/admin/office");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var entry = await app.DbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "office.settings-changed"));
        Assert.Equal("情報 管理", entry.ActorName);
        Assert.Equal("総合政策部秘書広報課長", JsonDocument.Parse(entry.Before!).RootElement.GetProperty("prHeadTitle").GetString());
        Assert.Equal("総合政策部広報課長", JsonDocument.Parse(entry.After!).RootElement.GetProperty("prHeadTitle").GetString());

        var unit = await app.UnitIdAsync("観光振興係");
        var id = await app.DraftAccountAsync(FormsFixture.Policy("なよろ設定確認（様式テスト）", "https://x.com/nayoro_forms_office", unit));
        await app.RequestListingAsync(id);
        await app.ListAsync(id);
        var form2 = await app.DocumentAsync(id, FormKind.Form2);
        FormsFixture.AssertContainsAll(FormsFixture.PdfText(form2.Pdf), ["総合政策部広報課長"], "様式2", pdf: true);
        var form3 = await app.DocumentAsync(id, FormKind.Form3);
        Assert.Equal("名広第1号", form3.DocumentNumber);
        FormsFixture.AssertContainsAll(FormsFixture.PdfText(form3.Pdf), ["名広第1号", "総合政策部広報課長"], "様式3", pdf: true);
        FormsFixture.AssertContainsAll(FormsFixture.DocxText(form3.Docx), ["名広第1号"], "様式3 .docx", pdf: false);

        var unchanged = await admin.PostFormAsync("/admin/office", Fields("名寄市", "総合政策部広報課", "総合政策部広報課長", "名広第{n}号"), formAction: "/admin/office");
        Assert.Contains("設定の内容が変更されていません。", (await Html.ParseAsync(unchanged)).Text(), StringComparison.Ordinal);
    }
}
