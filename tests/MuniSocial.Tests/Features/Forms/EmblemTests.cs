using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Forms;

/// <summary>
/// The city's name and emblem in every page's header (issue 13 item 7): set on /admin/office, PNG or WebP only (by the
/// file's bytes), served with nosniff and a CSP that runs nothing, audited, on the staff and the public pages.
/// </summary>
public sealed class EmblemTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>A 1×1 PNG.</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string name, string type)
    {
        var doc = await client.GetDocumentAsync("/admin/office");
        var form = doc.Forms.Single(f => (f.GetAttribute("action") ?? "").Contains("handler=Emblem", StringComparison.Ordinal) && !(f.GetAttribute("action") ?? "").Contains("EmblemRemove", StringComparison.Ordinal));
        var token = form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new(type);
        var content = new MultipartFormDataContent { { file, "emblemFile", name }, { new StringContent(token), "__RequestVerificationToken" } };
        return await client.PostAsync(form.GetAttribute("action"), content);
    }

    private static string? HeaderEmblem(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelector("header img.emblem")?.GetAttribute("src");

    [Fact]
    public async Task A_png_replaces_the_default_mark_on_staff_and_public_pages_and_is_served_safely_then_removed()
    {
        var admin = await app.SignInAsync("demo-admin");
        Assert.Equal("/img/emblem.svg", HeaderEmblem(await admin.GetDocumentAsync("/home")));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync("/branding/emblem")).StatusCode);

        var saved = await UploadAsync(admin, Png, "emblem.png", "image/png");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var staffSrc = HeaderEmblem(await admin.GetDocumentAsync("/home"));
        Assert.StartsWith("/branding/emblem?v=", staffSrc, StringComparison.Ordinal);
        Assert.Equal(staffSrc, HeaderEmblem(await app.Anonymous().GetDocumentAsync("/")));
        var image = await app.Anonymous().GetAsync(staffSrc);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", image.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("default-src 'none'", image.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(Png, await image.Content.ReadAsByteArrayAsync());
        var entry = await app.DbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "office.emblem-changed"));
        Assert.Equal("情報 管理", entry.ActorName);
        Assert.Contains("\"format\":\"png\"", entry.After, StringComparison.Ordinal);

        var removed = await admin.PostFormAsync("/admin/office", [], formAction: "handler=EmblemRemove");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal("/img/emblem.svg", HeaderEmblem(await app.Anonymous().GetDocumentAsync("/")));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync("/branding/emblem")).StatusCode);
        Assert.Equal(1, await app.DbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "office.emblem-removed")));
    }

    [Theory]
    [InlineData("emblem.svg", "image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")]
    [InlineData("emblem.png", "image/png", "<html>not a png</html>")]
    [InlineData("emblem.png", "image/png", "")]
    public async Task Anything_but_png_or_webp_is_refused_with_a_japanese_message_and_nothing_changes(string name, string type, string text)
    {
        var admin = await app.SignInAsync("demo-admin");
        var before = await app.DbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "office.emblem-changed"));
        var refused = await UploadAsync(admin, System.Text.Encoding.UTF8.GetBytes(text), name, type);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await Html.ParseAsync(refused);
        Assert.Contains(text.Length == 0 ? "紋章の画像ファイルを選んでください。" : "PNG または WebP の形式にしてください", page.QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#emblemFile[aria-describedby~='err-emblemFile']"));
        Assert.Equal("名寄市", page.QuerySelector<IHtmlInputElement>("input[name='Input.CityName']")!.Value);
        Assert.Equal(before, await app.DbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "office.emblem-changed")));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync("/branding/emblem")).StatusCode);
    }

    [Fact]
    public async Task Only_the_admin_may_change_the_emblem()
    {
        var pr = await app.SignInAsync("demo-pr");
        var content = new MultipartFormDataContent { { new ByteArrayContent(Png), "emblemFile", "emblem.png" } };
        var response = await pr.PostAsync("/admin/office?handler=Emblem", content);
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{response.StatusCode}");
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync("/branding/emblem")).StatusCode);
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }, "png")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'E', (byte)'B', (byte)'P', (byte)'V', (byte)'P', (byte)'8', (byte)'L' }, "webp")]
    // A signature glued to HTML is not an image.
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, (byte)'<', (byte)'h', (byte)'t', (byte)'m', (byte)'l', (byte)'>', (byte)'<', (byte)'s' }, null)]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'E', (byte)'B', (byte)'P', (byte)'<', (byte)'s', (byte)'v', (byte)'g' }, null)]
    [InlineData(new byte[] { (byte)'<', (byte)'s', (byte)'v', (byte)'g' }, null)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, null)]
    public void The_kind_is_read_from_the_first_bytes(byte[] head, string? kind) =>
        Assert.Equal(kind, MuniSocial.Features.Forms.Emblem.KindOf(head));
}
