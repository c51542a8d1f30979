using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using MuniSocial.Domain.Audit;
using MuniSocial.Domain.Operations;
using MuniSocial.Tests.Features.AccountReviews;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Offsite;

/// <summary>A database of its own: the office networks set here would make every other test's checks "outside".</summary>
public sealed class OffsiteFactory : AppFactory;

/// <summary>§5(2)イ: the head (own section) and the PR office (all) see the actions taken outside the office networks, with the reason.</summary>
public sealed class OffsiteListTests(OffsiteFactory app) : IClassFixture<OffsiteFactory>
{
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static (Guid Kanko, Guid Kodomo)? _data;

    private async Task<(Guid Kanko, Guid Kodomo)> DataAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (_data is { } d)
            {
                return d;
            }
            var admin = await app.SignInAsync("demo-admin");
            // The test server's requests come from this machine, which is not in 10.0.0.0/8.
            Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/networks", new() { ["Label"] = "本庁舎", ["Cidr"] = "10.0.0.0/8" }, handler: "Add")).StatusCode);
            var kanko = await app.ListedAccountAsync(Given.Policy("職場外一覧・観光") with { PeriodEnd = new DateOnly(2028, 3, 31) });
            var kodomo = await app.ListedAccountAsync(Given.Policy("職場外一覧・子育て") with { PeriodEnd = new DateOnly(2028, 3, 31) }, author: "demo-operator2", head: "demo-head2", operators: ["demo-operator2", "demo-head2"]);
            var op = await app.ApiAsync("demo-operator");
            Assert.Equal(HttpStatusCode.Created, (await op.PostAsJsonAsync($"/api/v1/accounts/{kanko}/daily-checks",
                new { checkedPosts = true, checkedComments = true, offsiteReason = "大雪で登庁できず自宅から確認" })).StatusCode);
            var op2 = await app.ApiAsync("demo-operator2");
            Assert.Equal(HttpStatusCode.Created, (await op2.PostAsJsonAsync($"/api/v1/accounts/{kodomo}/daily-checks",
                new { checkedPosts = true, checkedComments = true, offsiteReason = "出張先で至急の問合せを確認" })).StatusCode);
            var headApi = await app.ApiAsync("demo-head");
            Assert.Equal(HttpStatusCode.Created, (await headApi.PostAsJsonAsync($"/api/v1/accounts/{kanko}/reviews",
                ReviewTests.Body(offsiteReason: "出張中に月次の確認期限が来たため"))).StatusCode);
            // Another action recorded with the reason in its audit entry (the way any offsite action records it), and one
            // whose reason is an ordinary one, which is not an offsite action.
            var head = await app.ActorAsync("demo-head");
            await app.DbAsync(async db =>
            {
                db.AddAudit(new AuditRecord("account.operators-changed", "SocialAccount", kanko.ToString(), head.UserId, head.Name, app.Clock.GetUtcNow(),
                    null, "{}", OffsiteWork.AuditReason("災害対応で担当者を至急追加")));
                db.AddAudit(new AuditRecord("account.returned", "SocialAccount", kanko.ToString(), head.UserId, head.Name, app.Clock.GetUtcNow(),
                    null, "{}", "記載内容の不足のため"));
                await db.SaveChangesAsync();
            });
            _data = (kanko, kodomo);
            return _data.Value;
        }
        finally
        {
            Once.Release();
        }
    }

    [Fact]
    public async Task The_head_sees_their_sections_offsite_actions_with_date_who_account_action_and_reason()
    {
        var (kanko, _) = await DataAsync();
        var head = await app.SignInAsync("demo-head");
        var page = await head.GetDocumentAsync("/operations/offsite");
        var rows = page.QuerySelectorAll("table.list tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(3, rows.Count);
        var review = Assert.Single(rows, r => r.Contains("出張中に月次の確認期限が来たため", StringComparison.Ordinal));
        Assert.Contains("運用状況の確認", review, StringComparison.Ordinal);
        Assert.Contains("南 大地", review, StringComparison.Ordinal);
        var check = Assert.Single(rows, r => r.Contains("大雪で登庁できず自宅から確認", StringComparison.Ordinal));
        Assert.Contains("北 ひかり", check, StringComparison.Ordinal);
        Assert.Contains("職場外一覧・観光", check, StringComparison.Ordinal);
        Assert.Contains("確認記録", check, StringComparison.Ordinal);
        Assert.Contains("令和8年6月1日", check, StringComparison.Ordinal);
        Assert.Contains("経済部 営業戦略室", check, StringComparison.Ordinal);
        var other = Assert.Single(rows, r => r.Contains("災害対応で担当者を至急追加", StringComparison.Ordinal));
        Assert.Contains("運用担当者の変更", other, StringComparison.Ordinal);
        Assert.DoesNotContain(OffsiteWork.Marker, other, StringComparison.Ordinal);
        Assert.DoesNotContain("記載内容の不足のため", page.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("出張先で至急の問合せを確認", page.Text(), StringComparison.Ordinal); // another section's
        Assert.NotNull(page.QuerySelector($"a[href='/operations/{kanko}']"));

        var head2 = await (await app.SignInAsync("demo-head2")).GetDocumentAsync("/operations/offsite");
        Assert.Contains("出張先で至急の問合せを確認", head2.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("大雪で登庁できず自宅から確認", head2.Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo-pr")]
    [InlineData("demo-pr2")]
    public async Task The_pr_office_sees_every_section(string user)
    {
        await DataAsync();
        var page = await (await app.SignInAsync(user)).GetDocumentAsync("/operations/offsite");
        Assert.Contains("出張先で至急の問合せを確認", page.Text(), StringComparison.Ordinal);
        Assert.Contains("大雪で登庁できず自宅から確認", page.Text(), StringComparison.Ordinal);
        Assert.Contains("災害対応で担当者を至急追加", page.Text(), StringComparison.Ordinal);
        Assert.Contains("出張中に月次の確認期限が来たため", page.Text(), StringComparison.Ordinal);
        Assert.Equal(4, page.QuerySelectorAll("table.list tbody tr").Length);
    }

    [Fact]
    public async Task The_list_is_filtered_by_month()
    {
        await DataAsync();
        var head = await app.SignInAsync("demo-head");
        var may = await head.GetDocumentAsync("/operations/offsite?month=2026-05");
        Assert.Contains("2026年5月", may.Text(), StringComparison.Ordinal);
        Assert.Contains("この月に職場外から行われた操作はありません。", may.Text(), StringComparison.Ordinal);
        var june = await head.GetDocumentAsync("/operations/offsite?month=2026-06");
        Assert.Contains("大雪で登庁できず自宅から確認", june.Text(), StringComparison.Ordinal);
        var bad = await head.GetAsync("/operations/offsite?month=2026%2F06x");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var text = (await Html.ParseAsync(bad)).Text();
        Assert.Contains("月は 2026-06 の形式で指定してください。", text, StringComparison.Ordinal);
        Assert.Contains("大雪で登庁できず自宅から確認", text, StringComparison.Ordinal); // the current month instead
    }

    [Theory]
    [InlineData("demo-operator")]
    [InlineData("demo-operator3")]
    [InlineData("demo-admin")]
    public async Task Operators_and_the_admin_get_403(string user)
    {
        var client = await app.SignInAsync(user);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/operations/offsite")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_users_are_sent_to_sign_in()
    {
        var response = await app.Anonymous().GetAsync("/operations/offsite");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
