using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using MuniSocial.Domain.Comments;

namespace MuniSocial.Features.Comments;

/// <summary>
/// CSV import of users' comments (docs/comments-import.md): a header row (Japanese or English names), UTF-8 with or
/// without BOM or Shift_JIS/CP932 as Japanese Excel saves it. Each row is checked on its own; a bad row is reported
/// by its line number and reason, a row already recorded (or repeated in the file) is counted as a duplicate, and
/// all good rows are saved in one save.
/// </summary>
public static class CommentImport
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxRows = 5000;

    /// <summary>The columns: the Japanese header, the English one, required or not.</summary>
    public static IReadOnlyList<(string Japanese, string English, bool Required, string Note)> Columns { get; } =
    [
        ("受信日時", "receivedAt", true, "例: 2026/06/01 10:30（日本時間）または 2026-06-01T10:30:00+09:00"),
        ("種別", "kind", false, "コメント・返信・DM（ダイレクトメッセージ）、または Comment / Reply / DirectMessage。空欄はコメント"),
        ("投稿者", "authorHandle", false, "アカウント名・ハンドル。URLから読み取れる媒体（X・Bluesky・Mastodon）では空欄可"),
        ("本文", "text", true, "改行を含む場合は \" で囲む（Excelの保存どおり）"),
        ("URL", "url", false, "書込みのURL。媒体がアカウントと違う行は取り込みません"),
        ("コメントID", "platformCommentId", false, "媒体のコメントID。空欄ならURLから読み取ります"),
        ("対象投稿URL", "postUrl", false, "書込みが付いた市の投稿（公開済み）のURL"),
    ];

    public sealed record Line(int Number, string Reason);

    public sealed record Result(int Added, IReadOnlyList<(int Line, Guid ExistingId)> Duplicates, IReadOnlyList<Line> Refused);

    /// <summary>Strict UTF-8 first (a BOM is dropped); else CP932, as Japanese Excel saves "CSV".</summary>
    public static string Decode(byte[] bytes)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(span);
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(932).GetString(span);
        }
    }

    public static async Task<Result> ImportAsync(AppDbContext db, Actor actor, SocialAccount account, byte[] bytes, DateTimeOffset now, CancellationToken ct)
    {
        if (!Comment.MayHandle(actor, account.SectionId))
        {
            throw new DomainForbiddenException("利用者の書込みを取り込めるのは、アカウントの所属の職員または市広報担当です。");
        }
        if (bytes.Length == 0)
        {
            throw Invalid("CSVファイルを選んでください（空のファイルです）。");
        }
        if (bytes.Length > MaxBytes)
        {
            throw Invalid($"ファイルが大きすぎます（{bytes.Length / 1024:N0}KB）。{MaxBytes / 1024 / 1024}MB以内、{MaxRows:N0}行以内に分けて取り込んでください。");
        }
        var rows = Read(Decode(bytes));
        if (rows.Count > MaxRows)
        {
            throw Invalid($"行数が多すぎます（{rows.Count:N0}行）。{MaxRows:N0}行以内に分けて取り込んでください。");
        }
        var posts = await db.Posts.AsNoTracking().Where(p => p.AccountId == account.Id && p.PublishedUrl != null)
            .Select(p => new { p.Id, p.PublishedUrl }).ToListAsync(ct);
        var postByUrl = posts.GroupBy(p => Normalized(p.PublishedUrl!)).ToDictionary(g => g.Key, g => g.First().Id);
        var prepared = new List<(int Line, Comment.Prepared Comment)>();
        var refused = new List<Line>();
        foreach (var row in rows)
        {
            if (ReadRow(row, postByUrl, account, now, out var comment) is { } problem)
            {
                refused.Add(new Line(row.Number, problem));
            }
            else
            {
                prepared.Add((row.Number, comment!));
            }
        }
        var keys = prepared.Select(p => p.Comment.IdentityKey).Distinct().ToList();
        var existing = new Dictionary<string, Guid>();
        foreach (var chunk in keys.Chunk(500))
        {
            foreach (var e in await db.Comments.AsNoTracking().Where(c => c.AccountId == account.Id && chunk.Contains(c.IdentityKey))
                         .Select(c => new { c.IdentityKey, c.Id }).ToListAsync(ct))
            {
                existing[e.IdentityKey] = e.Id;
            }
        }
        var duplicates = new List<(int, Guid)>();
        var added = 0;
        foreach (var (line, p) in prepared)
        {
            if (existing.TryGetValue(p.IdentityKey, out var id))
            {
                duplicates.Add((line, id));
                continue;
            }
            var comment = Comment.Create(actor, account, p, CommentSource.Csv, now);
            db.Comments.Add(comment);
            existing[p.IdentityKey] = comment.Id;
            added++;
        }
        if (added > 0)
        {
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                throw new DomainRuleException("同じ書込みが同時に記録されたため、取込みを中止しました。もう一度取り込んでください（記録済みの行は重複として数えられます）。", "concurrency");
            }
        }
        return new Result(added, duplicates, refused);
    }

    private sealed record Row(int Number, Dictionary<string, string> Fields)
    {
        public string? Get(string japanese, string english) =>
            Fields.TryGetValue(japanese, out var v) || Fields.TryGetValue(english, out v) ? (string.IsNullOrWhiteSpace(v) ? null : v.Trim()) : null;
    }

    private static List<Row> Read(string text)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectDelimiter = false,
            TrimOptions = TrimOptions.None,
        };
        using var reader = new StringReader(text);
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
        {
            throw Invalid("見出しの行がありません。1行目に列名（受信日時,種別,投稿者,本文,URL,コメントID,対象投稿URL）を書いてください。");
        }
        var names = header.Select(h => h.Trim().Trim('\uFEFF')).ToArray();
        var known = Columns.SelectMany(c => new[] { c.Japanese, c.English }).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = names.Where(n => n.Length > 0 && !known.Contains(n)).ToList();
        var missing = Columns.Where(c => c.Required && !names.Any(n => string.Equals(n, c.Japanese, StringComparison.Ordinal) || string.Equals(n, c.English, StringComparison.OrdinalIgnoreCase))).ToList();
        if (missing.Count > 0)
        {
            throw Invalid($"見出しの行に必要な列がありません: {string.Join("、", missing.Select(c => c.Japanese))}"
                + (unknown.Count > 0 ? $"（読めなかった列名: {string.Join("、", unknown.Take(5))}）" : "") + "。列名は「受信日時,種別,投稿者,本文,URL,コメントID,対象投稿URL」です。");
        }
        // English names are matched case-insensitively: store every field under the canonical spelling.
        var canonical = names.Select(n => Columns.FirstOrDefault(c => string.Equals(c.English, n, StringComparison.OrdinalIgnoreCase)) is { English.Length: > 0 } col && !string.Equals(col.Japanese, n, StringComparison.Ordinal) ? col.English : n).ToArray();
        var rows = new List<Row>();
        var lastLine = csv.Parser.RawRow;
        while (csv.Read())
        {
            // The line the record starts on (a quoted field may span lines).
            var line = lastLine + 1;
            lastLine = csv.Parser.RawRow;
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < canonical.Length; i++)
            {
                fields.TryAdd(canonical[i], csv.TryGetField<string>(i, out var v) ? v ?? "" : "");
            }
            if (fields.Values.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            rows.Add(new Row(line, fields));
            if (rows.Count > MaxRows)
            {
                break;
            }
        }
        return rows;
    }

    /// <summary>One row read as a comment of the account; the row's problem (one line of text) when it cannot be.</summary>
    private static string? ReadRow(Row row, Dictionary<string, Guid> postByUrl, SocialAccount account, DateTimeOffset now, out Comment.Prepared? comment)
    {
        comment = null;
        Guid? postId = null;
        if (row.Get("対象投稿URL", "postUrl") is { Length: > 0 } postUrl)
        {
            if (!postByUrl.TryGetValue(Normalized(postUrl), out var found))
            {
                return "対象投稿URLが、このアカウントの公開済みの投稿に見つかりません。";
            }
            postId = found;
        }
        if (Kind(row.Get("種別", "kind"), out var kind) is { } kindProblem)
        {
            return kindProblem;
        }
        if (Time(row.Get("受信日時", "receivedAt"), out var received) is { } timeProblem)
        {
            return timeProblem;
        }
        var input = new CommentInput(kind, row.Get("投稿者", "authorHandle"), row.Get("本文", "text"), row.Get("URL", "url"),
            received, row.Get("コメントID", "platformCommentId"), postId);
        comment = Comment.TryPrepare(account, input, now, out var problems);
        return comment is null ? string.Join(" / ", problems.SelectMany(e => e.Value)) : null;
    }

    private static string? Kind(string? text, out CommentKind kind)
    {
        kind = CommentKind.Comment;
        switch (text?.Trim())
        {
            case null or "" or "コメント":
                return null;
            case "返信" or "リプライ":
                kind = CommentKind.Reply;
                return null;
            case "DM" or "ＤＭ" or "ダイレクトメッセージ" or "メッセージ":
                kind = CommentKind.DirectMessage;
                return null;
            case var t when Enum.TryParse<CommentKind>(t, true, out var k) && Enum.IsDefined(k) && !int.TryParse(t, out _):
                kind = k;
                return null;
            case var t:
                return $"種別「{t}」は読めません（コメント・返信・DM のいずれか）。";
        }
    }

    private static readonly string[] TimeFormats =
        ["yyyy/M/d H:mm", "yyyy/M/d H:mm:ss", "yyyy-M-d H:mm", "yyyy-M-d H:mm:ss", "yyyy/M/d", "yyyy-M-d", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"];

    /// <summary>A time as Excel writes it (Tokyo time), or ISO 8601 with its offset; the problem when it is neither.</summary>
    private static string? Time(string? text, out DateTimeOffset time)
    {
        time = default;
        var t = CommentLink.Clean(text);
        if (t.Length == 0)
        {
            return "受信日時を入力してください。";
        }
        var spaced = (text ?? "").Normalize(NormalizationForm.FormKC).Trim();
        if (DateTime.TryParseExact(spaced, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            time = new DateTimeOffset(local, TimeSpan.FromHours(9));
            return null;
        }
        if ((t.Contains('+', StringComparison.Ordinal) || t.EndsWith('Z') || t.LastIndexOf('-') > 9)
            && DateTimeOffset.TryParse(spaced, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
        {
            time = withOffset;
            return null;
        }
        return $"受信日時「{text}」は読めません（例: 2026/06/01 10:30）。";
    }

    private static string Normalized(string url) => CommentLink.Parse(url, out _)?.NormalizedUrl ?? url.Trim();

    private static DomainValidationException Invalid(string message) => new(new Dictionary<string, string[]> { ["file"] = [message] });
}
