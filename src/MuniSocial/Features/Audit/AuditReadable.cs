using System.Globalization;
using System.Text.Json;
using MuniSocial.Features.Incidents;

namespace MuniSocial.Features.Audit;

/// <summary>One field that differs between the before and after snapshots of an entry, as a person reads it.</summary>
public sealed record AuditChange(string Field, string Before, string After);

/// <summary>What an entry is about: its kind in Japanese, its name or title, and its page where it has one.</summary>
public sealed record AuditSubject(string Kind, string Name, string? Url);

/// <summary>
/// Turns audit entries into what a person can read: who by display name, the entity by its name with a link, and the
/// before/after JSON snapshots as a table of the fields that differ, with Japanese field names and readable values.
/// </summary>
public static class AuditReadable
{
    /// <summary>A value longer than this is cut on the list; the full value is one click away (details).</summary>
    public const int ShortLength = 80;

    /// <summary>The snapshot fields whose value is a user id: shown as the user's name (<see cref="LookUpAsync"/>), never the id.</summary>
    public static readonly IReadOnlySet<string> UserIdFields = new HashSet<string>(StringComparer.Ordinal) { "userId" };

    /// <summary>What an id of a user that is no longer there reads as.</summary>
    public const string DeletedUser = "（削除された利用者）";

    /// <summary>
    /// The fields that differ, in the order they were written (before's order, then fields only in after);
    /// <paramref name="users"/> (user id → 「氏名（ユーザー名）」, from <see cref="LookUpAsync"/>) names the users of <see cref="UserIdFields"/>.
    /// </summary>
    public static IReadOnlyList<AuditChange> Changes(string entityType, string? before, string? after, IReadOnlyDictionary<string, string>? users = null)
    {
        var b = Fields(before);
        var a = Fields(after);
        if (string.IsNullOrWhiteSpace(before) && string.IsNullOrWhiteSpace(after))
        {
            return [];
        }
        if (b is null && before is { Length: > 0 } || a is null && after is { Length: > 0 })
        {
            // Not an object snapshot (plain text or a list): one row with the whole values.
            return [new AuditChange("内容", Plain(before), Plain(after))];
        }
        b ??= [];
        a ??= [];
        var names = b.Keys.Concat(a.Keys.Where(k => !b.ContainsKey(k))).ToList();
        var changes = new List<AuditChange>();
        foreach (var name in names)
        {
            var old = b.TryGetValue(name, out var x) ? x : (JsonElement?)null;
            var now = a.TryGetValue(name, out var y) ? y : (JsonElement?)null;
            if (old?.GetRawText() == now?.GetRawText())
            {
                continue;
            }
            changes.Add(new AuditChange(AuditLabels.Field(name), old is { } o ? ValueOf(entityType, name, o, users) : "", now is { } n ? ValueOf(entityType, name, n, users) : ""));
        }
        return changes;
    }

    /// <summary>A value in words, with the state names of accounts and posts in Japanese.</summary>
    public static string ValueOf(string entityType, string field, JsonElement e, IReadOnlyDictionary<string, string>? users = null) =>
        (entityType, field, e.ValueKind == JsonValueKind.String ? e.GetString() : null) switch
        {
            (_, _, { } v) when users is not null && UserIdFields.Contains(field) => users.GetValueOrDefault(v) ?? DeletedUser,
            ("Post", "status", { } v) when Enum.TryParse<Domain.Posts.PostStatus>(v, out var s) => Domain.Posts.Post.Label(s),
            ("Post", "kind", { } v) when Enum.TryParse<Domain.Posts.PostKind>(v, out var k) => Domain.Posts.Post.Label(k),
            ("SocialAccount", "status", { } v) when Enum.TryParse<Domain.Accounts.AccountStatus>(v, out var s) => Domain.Accounts.Labels.Of(s),
            ("SocialAccount", "policyStatus", { } v) when Enum.TryParse<Domain.Accounts.PolicyVersionStatus>(v, out var s) => Domain.Accounts.Labels.Of(s),
            _ => Value(e),
        };

    /// <summary>A JSON value in words: text as it is, true/false as はい/いいえ, instants in Japan time, lists joined.</summary>
    public static string Value(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "（なし）",
        JsonValueKind.True => "はい",
        JsonValueKind.False => "いいえ",
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.String => Text(e.GetString() ?? ""),
        JsonValueKind.Array => e.GetArrayLength() == 0 ? "（なし）" : string.Join("、", e.EnumerateArray().Select(Value)),
        _ => string.Join("、", e.EnumerateObject().Select(p => $"{AuditLabels.Field(p.Name)}: {Value(p.Value)}")),
    };

    /// <summary>Whether the value is long enough to be cut on the list.</summary>
    public static bool IsLong(string value) => value.Length > ShortLength;

    public static string Short(string value, int length = ShortLength) => value.Length > length ? value[..length] + "…" : value;

    private static string Text(string s)
    {
        if (s.Length >= 16 && s[4] == '-' && s.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return Wareki.FormatDateTime(at);
        }
        if (s.Length == 10 && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return Wareki.Format(day);
        }
        return s.Length == 0 ? "（空）" : s;
    }

    private static string Plain(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return "";
        }
        try
        {
            using var doc = JsonDocument.Parse(raw);
            return Value(doc.RootElement);
        }
        catch (JsonException)
        {
            return raw;
        }
    }

    private static Dictionary<string, JsonElement>? Fields(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(raw);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                ? doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Display names of the people who acted (by user id), names of the entities of a page of entries, and 「氏名（ユーザー名）」
    /// of the users named in the snapshots (<see cref="UserIdFields"/>), all users in one query.
    /// </summary>
    public static async Task<(Dictionary<string, string> People, Dictionary<(string Type, string Id), AuditSubject> Subjects, Dictionary<string, string> Users)> LookUpAsync(
        AppDbContext db, IReadOnlyList<AuditItem> items, CancellationToken ct)
    {
        var snapshotUsers = items.SelectMany(i => UserIdsIn(i.Before).Concat(UserIdsIn(i.After))).Distinct(StringComparer.Ordinal).ToList();
        var userIds = items.Select(i => i.ActorId).Concat(items.Where(i => i.EntityType == "User").Select(i => i.EntityId)).Concat(snapshotUsers).Distinct().ToList();
        var found = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.UserName }).ToListAsync(ct);
        var people = found.ToDictionary(u => u.Id, u => u.DisplayName);
        var users = found.Where(u => snapshotUsers.Contains(u.Id)).ToDictionary(u => u.Id, u => $"{u.DisplayName}（{u.UserName}）");
        Guid[] IdsOf(string type) => [.. items.Where(i => i.EntityType == type).Select(i => Guid.TryParse(i.EntityId, out var g) ? g : Guid.Empty)
            .Where(g => g != Guid.Empty).Distinct()];
        var accounts = await IncidentAccess.AccountNamesAsync(db, IdsOf("SocialAccount"), ct);
        var postIds = IdsOf("Post");
        var posts = postIds.Length == 0 ? [] : await db.Posts.AsNoTracking().Where(p => postIds.Contains(p.Id)).Select(p => new { p.Id, p.Text }).ToDictionaryAsync(p => p.Id, p => p.Text, ct);
        var commentIds = IdsOf("Comment");
        var comments = commentIds.Length == 0 ? [] : await db.Comments.AsNoTracking().Where(c => commentIds.Contains(c.Id)).Select(c => new { c.Id, c.Text }).ToDictionaryAsync(c => c.Id, c => c.Text, ct);
        var sectionIds = IdsOf("Section");
        var sections = sectionIds.Length == 0 ? [] : await db.Sections.AsNoTracking().Where(s => sectionIds.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var unitIds = IdsOf("Unit");
        var units = unitIds.Length == 0 ? [] : await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).Select(u => new { u.Id, u.Name }).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var departmentIds = IdsOf("Department");
        var departments = departmentIds.Length == 0 ? [] : await db.Departments.AsNoTracking().Where(d => departmentIds.Contains(d.Id)).Select(d => new { d.Id, d.Name }).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var versionIds = IdsOf("GuidelineVersion");
        var versions = versionIds.Length == 0 ? [] : await db.GuidelineVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id)).Select(v => new { v.Id, v.Number }).ToDictionaryAsync(v => v.Id, v => v.Number, ct);

        var subjects = new Dictionary<(string, string), AuditSubject>();
        foreach (var i in items)
        {
            var key = (i.EntityType, i.EntityId);
            if (subjects.ContainsKey(key))
            {
                continue;
            }
            var id = Guid.TryParse(i.EntityId, out var g) ? g : Guid.Empty;
            var kind = AuditLabels.Entity(i.EntityType);
            subjects[key] = i.EntityType switch
            {
                "SocialAccount" when accounts.TryGetValue(id, out var n) => new(kind, n, $"/accounts/{id}"),
                "Post" when posts.TryGetValue(id, out var t) => new(kind, Short(Flat(t), 40), $"/posts/{id}"),
                "Comment" when comments.TryGetValue(id, out var t) => new(kind, t.Length == 0 ? "（消去済み）" : Short(Flat(t), 40), $"/comments/{id}"),
                "Incident" => new(kind, "インシデントの記録", $"/incidents/{id}"),
                "User" when people.TryGetValue(i.EntityId, out var n) => new(kind, n, $"/admin/users/{Uri.EscapeDataString(i.EntityId)}"),
                "Section" when sections.TryGetValue(id, out var n) => new(kind, n, null),
                "Unit" when units.TryGetValue(id, out var n) => new(kind, n, null),
                "Department" when departments.TryGetValue(id, out var n) => new(kind, n, null),
                "GuidelineVersion" when versions.TryGetValue(id, out var n) => new(kind, $"第{n}版", "/guideline/versions"),
                _ => new(kind, "（削除済みまたは名前なし）", null),
            };
        }
        return (people, subjects, users);
    }

    /// <summary>The user ids of a snapshot's top-level <see cref="UserIdFields"/>.</summary>
    private static IEnumerable<string> UserIdsIn(string? raw) =>
        Fields(raw) is { } fields
            ? fields.Where(f => UserIdFields.Contains(f.Key) && f.Value.ValueKind == JsonValueKind.String).Select(f => f.Value.GetString()!).Where(v => v.Length > 0)
            : [];

    private static string Flat(string text) => text.ReplaceLineEndings(" ");

    /// <summary>The AccessTable route of a subject's page (the links <see cref="LookUpAsync"/> makes), to ask whether the reader may open it.</summary>
    public static string? RouteOf(string url) => url switch
    {
        _ when url.StartsWith("/accounts/", StringComparison.Ordinal) => "/accounts/{id:guid}",
        _ when url.StartsWith("/posts/", StringComparison.Ordinal) => "/posts/{id:guid}",
        _ when url.StartsWith("/comments/", StringComparison.Ordinal) => "/comments/{id:guid}",
        _ when url.StartsWith("/incidents/", StringComparison.Ordinal) => "/incidents/{id:guid}",
        _ when url.StartsWith("/admin/users/", StringComparison.Ordinal) => "/admin/users/{id}",
        "/guideline/versions" => "/guideline/versions",
        _ => null,
    };

}
