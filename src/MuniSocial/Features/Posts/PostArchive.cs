using MuniSocial.Infrastructure.Export;
using System.Globalization;
using System.Text.Json;
using MuniSocial.Domain.Posts;

namespace MuniSocial.Features.Posts;

/// <summary>The archive of published posts (§5(5)ア(イ): nothing published disappears) with their whole approval trail.</summary>
public static class PostArchive
{
    public sealed record Query(Guid? AccountId, DateOnly? From, DateOnly? To, string? Text);

    /// <param name="SentText">The exact text the connector sent (its outbox entry), when it went out through MuniSocial.</param>
    public sealed record Entry(Post Post, string AccountName, Guid? CorrectedBy, string? SentText = null)
    {
        /// <summary>The exact text that went out: the connector's sent text, else the post's text and links.</summary>
        public string TextWentOut => SentText ?? Post.FullText;
    }

    /// <summary>How the post reached the platform, for the archive and its CSV.</summary>
    public static string HowItWentOut(Post p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.PublishedVia switch
        {
            PublishedVia.Connector => "MuniSocialから発信",
            PublishedVia.OutsideSystem => $"システム外（記録: {p.OutsideNote}）",
            _ => "手動で記録",
        };
    }

    /// <summary>The files that went out with it.</summary>
    public static string Files(Post p) => string.Join("、", p.Media.Select(m => m.OriginalName));

    public static async Task<List<Entry>> SearchAsync(AppDbContext db, Actor actor, Query q, int limit, CancellationToken ct)
    {
        var posts = db.Posts.VisibleTo(actor).AsNoTracking().Where(p => p.Status == PostStatus.Published);
        if (q.AccountId is { } account)
        {
            posts = posts.Where(p => p.AccountId == account);
        }
        if (q.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9)).ToUniversalTime();
            posts = posts.Where(p => p.PublishedAt >= start);
        }
        if (q.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9)).ToUniversalTime();
            posts = posts.Where(p => p.PublishedAt < end);
        }
        if (!string.IsNullOrWhiteSpace(q.Text))
        {
            var text = q.Text.Trim();
            posts = posts.Where(p => p.Text.Contains(text) || p.Links.Contains(text));
        }
        var list = await posts.OrderByDescending(p => p.PublishedAt).Take(limit).ToListAsync(ct);
        var accountIds = list.Select(p => p.AccountId).Distinct().ToList();
        var names = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.CurrentPolicy.AccountName ?? "", ct);
        var ids = list.Select(p => p.Id).ToList();
        var corrections = await db.Posts.AsNoTracking().Where(p => p.CorrectsPostId != null && ids.Contains(p.CorrectsPostId.Value))
            .Select(p => new { p.Id, Original = p.CorrectsPostId!.Value }).ToListAsync(ct);
        var sent = (await db.Publications.AsNoTracking().Where(x => ids.Contains(x.PostId) && x.State == Domain.Publishing.PublicationState.Sent)
                .Select(x => new { x.PostId, x.Text }).ToListAsync(ct))
            .GroupBy(x => x.PostId).ToDictionary(g => g.Key, g => g.First().Text);
        return [.. list.Select(p => new Entry(p, names.GetValueOrDefault(p.AccountId, ""), corrections.FirstOrDefault(c => c.Original == p.Id)?.Id,
            p.PublishedVia == PublishedVia.Connector ? sent.GetValueOrDefault(p.Id) : null))];
    }

    public static string Trail(Post p)
    {
        var parts = new List<string>();
        foreach (var round in p.Rounds.OrderBy(r => r.Number))
        {
            parts.Add($"第{round.Number}回提出 {Wareki.FormatDateTime(round.SubmittedAt)} {round.SubmittedByName}");
            parts.AddRange(p.Reviews.Where(r => r.Round == round.Number).OrderBy(r => r.At)
                .Select(r => $"{Post.Label(r.Decision, r.Step)} {Wareki.FormatDateTime(r.At)} {r.ByName}{(r.Comment is null ? "" : "「" + r.Comment + "」")}"));
        }
        if (p.PublishedAt is { } at)
        {
            parts.Add($"公開 {Wareki.FormatDateTime(at)} {p.PublishedByName}");
        }
        return string.Join(" → ", parts);
    }

    /// <summary>CSV for Excel through the one CSV writer (<see cref="CsvExport"/>): BOM, CRLF, formulas neutralised.</summary>
    public static byte[] ToCsv(IEnumerable<Entry> entries) => CsvExport.Write(
        ["公開日時", "アカウント", "種別", "本文", "リンク", "公開URL", "事前承認区分", "公開済みの情報のURL", "作成者", "承認者", "公開記録者", "訂正元", "訂正の投稿", "承認の経過", "発信の方法", "プラットフォームの投稿ID", "発信した本文", "写真・動画"],
        [.. entries.Select(e =>
        {
            var p = e.Post;
            return new[]
            {
                p.PublishedAt is { } at ? Wareki.ToTokyo(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "",
                e.AccountName, Post.Label(p.Kind), p.Text, p.Links.Replace("\n", " ", StringComparison.Ordinal), p.PublishedUrl,
                p.Category?.ToString() ?? "", p.PublicSourceUrl, p.AuthorName, p.ApprovedByName ?? "", p.PublishedByName,
                p.CorrectsPostId?.ToString() ?? "", e.CorrectedBy?.ToString() ?? "", Trail(p),
                HowItWentOut(p), p.PlatformPostId, e.TextWentOut, Files(p),
            };
        })]);

    public static ArchiveEntryView ToJson(Entry e) => new(e.Post.Id, e.Post.AccountId, e.AccountName, e.Post.Kind.ToString(), e.Post.Text, e.Post.LinkList,
        e.Post.Category?.ToString(), e.Post.PublishedUrl, e.Post.PublishedAt, e.Post.PublishedByName, e.Post.AuthorName, e.Post.ApprovedByName,
        e.Post.CorrectsPostId, e.CorrectedBy,
        [.. e.Post.Rounds.OrderBy(r => r.Number).Select(r => new ArchiveRoundView(r.Number, r.SubmittedAt, r.SubmittedByName, r.Text,
            JsonSerializer.Deserialize<JsonElement>(r.FindingsJson), r.Acknowledged,
            [.. e.Post.Reviews.Where(v => v.Round == r.Number).OrderBy(v => v.At).Select(v => new ArchiveReviewView(v.Step.ToString(), v.Decision.ToString(), v.Comment, v.ByName, v.At))]))],
        e.Post.PublicSourceUrl, e.Post.PublishedVia.ToString(), HowItWentOut(e.Post), e.Post.PlatformPostId, e.TextWentOut, e.Post.OutsideNote,
        [.. e.Post.Media.Select(m => m.OriginalName)]);
}
