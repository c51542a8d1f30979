using System.Net.Http.Json;
using System.Text.Json;
using MuniSocial.Domain.Incidents;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.PublicList;

/// <summary>
/// §5(5)イ(イ) on the public side: /impersonation, GET /api/public/impersonations and verify's impersonation and
/// compromised verdicts appear when the PR office publishes a warning and not before, go at once when it is withdrawn
/// (the output cache is evicted), and verify's precedence: invalid → impersonation → compromised → official → closed → unknown.
/// </summary>
public sealed class PublicWarningVerifyTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Printable ASCII as its full-width form (ｈｔｔｐｓ：／／ｘ．ｃｏｍ／…).</summary>
    private static string ToFullWidth(string ascii) => string.Concat(ascii.Select(c => c is > ' ' and <= '~' ? (char)(c + 0xFEE0) : c));

    private async Task<JsonElement> VerifyAsync(HttpClient client, string url) =>
        await client.GetFromJsonAsync<JsonElement>("/api/public/verify?url=" + Uri.EscapeDataString(url));

    private static async Task<List<JsonElement>> ListAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/public/impersonations")).EnumerateArray().ToList();

    [Fact]
    public async Task A_fakes_warning_is_public_only_between_publication_and_withdrawal_on_every_public_answer()
    {
        var handle = Unique("nayoro_fake_");
        var fake = $"https://x.com/{handle}";
        var incident = await app.IncidentAsync(IncidentKind.Impersonation, fakeUrl: fake);
        var client = app.Anonymous();

        // Before publication (and cached so): nothing public.
        Assert.Equal("unknown", (await VerifyAsync(client, fake)).GetProperty("verdict").GetString());
        Assert.DoesNotContain("なりすましアカウントです", (await client.GetDocumentAsync("/verify?url=" + Uri.EscapeDataString(fake))).Text());
        Assert.DoesNotContain(handle, (await client.GetDocumentAsync("/impersonation")).Text());
        Assert.DoesNotContain(await ListAsync(client), w => w.GetProperty("fakeUrl").GetString() == fake);

        var warning = await app.PublishedWarningAsync(incident, title: "偽アカウント（公開テスト）にご注意ください");

        // Published: at once, on every answer (the cache evicted), by the handle as well as by the address.
        var verdict = await VerifyAsync(client, "@" + handle.ToUpperInvariant());
        Assert.Equal("impersonation", verdict.GetProperty("verdict").GetString());
        Assert.Equal(warning, verdict.GetProperty("warning").GetProperty("id").GetGuid());
        Assert.Equal("偽アカウント（公開テスト）にご注意ください", verdict.GetProperty("warning").GetProperty("title").GetString());
        Assert.Equal($"/impersonation#warning-{warning}", verdict.GetProperty("warning").GetProperty("url").GetString());
        Assert.True(verdict.GetProperty("warning").TryGetProperty("publishedAt", out _));
        var page = await client.GetDocumentAsync("/verify?url=" + Uri.EscapeDataString(fake));
        Assert.Contains("確認結果：なりすましアカウントです", page.Text());
        Assert.NotNull(page.QuerySelector($".verdict-impersonation a[href='/impersonation#warning-{warning}']"));

        var list = await client.GetDocumentAsync("/impersonation");
        var entry = list.QuerySelector($"#warning-{warning}")!;
        Assert.Contains("偽アカウント（公開テスト）にご注意ください", entry.TextContent);
        Assert.Contains(fake, entry.TextContent, StringComparison.Ordinal);
        Assert.Contains("令和", entry.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(list.QuerySelectorAll("a"), a => (a.GetAttribute("href") ?? "").Contains(handle, StringComparison.OrdinalIgnoreCase));
        var json = Assert.Single(await ListAsync(client), w => w.GetProperty("id").GetGuid() == warning);
        Assert.Equal("impersonation", json.GetProperty("kind").GetString());
        Assert.Equal(fake, json.GetProperty("fakeUrl").GetString());
        Assert.Equal($"/impersonation#warning-{warning}", json.GetProperty("url").GetString());
        Assert.False(json.TryGetProperty("fakeUrlNormalized", out _));

        // The public notice links to the page.
        Assert.NotNull((await client.GetDocumentAsync("/")).QuerySelector(".impersonation a[href='/impersonation']"));

        await app.WithdrawWarningAsync(warning);
        Assert.Equal("unknown", (await VerifyAsync(client, fake)).GetProperty("verdict").GetString());
        Assert.DoesNotContain("なりすましアカウントです", (await client.GetDocumentAsync("/verify?url=" + Uri.EscapeDataString(fake))).Text());
        Assert.DoesNotContain(handle, (await client.GetDocumentAsync("/impersonation")).Text());
        Assert.DoesNotContain(await ListAsync(client), w => w.GetProperty("id").GetGuid() == warning);
    }

    [Fact]
    public async Task Verify_answers_by_precedence_invalid_impersonation_compromised_official_closed_unknown()
    {
        string Url(string prefix) => $"https://x.com/{Unique(prefix)}";
        var official = Url("official_");
        var hijacked = Url("hijacked_");
        var closedTakenByFaker = Url("closed_fake_");
        var fake = Url("fake_");
        var withdrawnFake = Url("withdrawn_fake_");
        var recovered = Url("recovered_");
        var closedWithdrawn = Url("closed_withdrawn_");
        var nobody = Url("nobody_");

        await app.ListedAccountAsync(Given.Policy(Unique("公式"), official));
        var hijackedId = await app.ListedAccountAsync(Given.Policy(Unique("乗っ取り"), hijacked));
        var recoveredId = await app.ListedAccountAsync(Given.Policy(Unique("取り戻した"), recovered));
        var closedId = await app.ListedAccountAsync(Given.Policy(Unique("終了後に偽"), closedTakenByFaker));
        await app.CloseAsync(closedId);
        var closedWithdrawnId = await app.ListedAccountAsync(Given.Policy(Unique("終了・取り下げ"), closedWithdrawn));
        await app.CloseAsync(closedWithdrawnId);

        await app.PublishedWarningAsync(await app.IncidentAsync(IncidentKind.Hijack, hijackedId), title: "公式アカウントが乗っ取られています");
        await app.PublishedWarningAsync(await app.IncidentAsync(IncidentKind.Impersonation, fakeUrl: closedTakenByFaker));
        await app.PublishedWarningAsync(await app.IncidentAsync(IncidentKind.Impersonation, fakeUrl: fake));
        await app.WithdrawWarningAsync(await app.PublishedWarningAsync(await app.IncidentAsync(IncidentKind.Impersonation, fakeUrl: withdrawnFake)));
        await app.WithdrawWarningAsync(await app.PublishedWarningAsync(await app.IncidentAsync(IncidentKind.Hijack, recoveredId)));
        await app.WithdrawWarningAsync(await app.PublishedWarningAsync(await app.IncidentAsync(IncidentKind.Impersonation, fakeUrl: closedWithdrawn)));
        // An impersonation incident opened but whose warning is not published yet.
        await app.IncidentAsync(IncidentKind.Impersonation, fakeUrl: nobody);

        (string Url, string Verdict)[] table =
        [
            ("not a url", "invalid"),
            ("<script>alert(1)</script>", "invalid"),
            (closedTakenByFaker, "impersonation"),   // closed, and a published fake: impersonation wins
            (fake, "impersonation"),
            (fake["https://".Length..], "impersonation"),    // as pasted, without https://
            (ToFullWidth(fake), "impersonation"),           // typed with a Japanese IME in full-width characters
            (hijacked, "compromised"),               // official, under a published hijack warning
            (official, "official"),
            (recovered, "official"),                 // its hijack warning withdrawn
            (withdrawnFake, "unknown"),              // its warning withdrawn
            (closedWithdrawn, "closed"),             // closed; the fake warning on its handle withdrawn
            (nobody, "unknown"),                     // an incident, but nothing published
        ];
        var client = app.Anonymous();
        foreach (var (url, expected) in table)
        {
            var answer = await VerifyAsync(client, url);
            Assert.True(expected == answer.GetProperty("verdict").GetString(), $"{url}: expected {expected}, got {answer}");
            Assert.Equal(url, answer.GetProperty("url").GetString());
            Assert.Equal(expected is "impersonation" or "compromised", answer.GetProperty("warning").ValueKind == JsonValueKind.Object);
        }

        var compromised = await VerifyAsync(client, hijacked);
        Assert.Equal(hijackedId, compromised.GetProperty("account").GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.String, compromised.GetProperty("compromisedSince").ValueKind);
        Assert.Equal("公式アカウントが乗っ取られています", compromised.GetProperty("warning").GetProperty("title").GetString());
        var page = await client.GetDocumentAsync("/verify?url=" + Uri.EscapeDataString(hijacked));
        Assert.NotNull(page.QuerySelector(".verdict-compromised"));
        Assert.Contains("このアカウントは現在、第三者に乗っ取られています。投稿を信用しないでください", page.Text());
        var list = await client.GetDocumentAsync("/impersonation");
        Assert.Contains("公式アカウントが乗っ取られています", list.QuerySelector("#compromised-heading")!.ParentElement!.TextContent);
    }
}
