using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Publishing;

namespace MuniSocial.Infrastructure.Connectors;

/// <summary>
/// Bluesky (AT Protocol) through the PDS of <c>Connectors:Bluesky:ApiBase</c>. References (XRPC over HTTP,
/// https://atproto.com/specs/xrpc — errors are <c>{"error":"ExpiredToken","message":"…"}</c>):
/// <list type="bullet">
/// <item><c>com.atproto.server.createSession</c> with the handle and an app password, <c>refreshSession</c> with the refresh
/// token on ExpiredToken — https://docs.bsky.app/docs/api/com-atproto-server-create-session; the session is kept in memory per account;</item>
/// <item><c>com.atproto.repo.createRecord</c> of <c>app.bsky.feed.post</c> (text, createdAt, langs, link facets, reply
/// root/parent strong refs) — https://docs.bsky.app/docs/advanced-guides/posts and /post-richtext;</item>
/// <item><c>com.atproto.repo.getRecord</c> (a reply's target; our own record by its key) and <c>listRecords</c> (the account's posts);</item>
/// <item><c>app.bsky.notification.listNotifications</c> (reasons reply and mention; the PDS forwards it to the AppView).</item>
/// </list>
/// Exactly once: the record key is derived from the publication (<see cref="BlueskyText.RecordKey"/>), so a resend finds the
/// record already there (getRecord) instead of posting twice.
/// </summary>
public sealed class BlueskyConnector(IHttpClientFactory clients, IOptions<ConnectorOptions> options, TimeProvider clock) : IPlatformConnector
{
    public const string ClientName = "Bluesky";
    public const string PostCollection = "app.bsky.feed.post";
    private const string Label = "Bluesky";

    private readonly ConcurrentDictionary<Guid, Session> _sessions = new();

    public Platform Platform => Platform.Bluesky;
    public bool SupportsMedia => false;
    public bool CanReadBack => true;

    private Uri Pds => options.Value.Bluesky.BaseUri;

    public async Task<SentPost> PublishAsync(ConnectorCredentials credentials, OutgoingPost post, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(post);
        if (BlueskyText.LengthProblem(post.Text) is { } tooLong)
        {
            throw new ConnectorException(ConnectorFailure.Refused, tooLong);
        }
        if (post.Media.Count > 0)
        {
            throw new ConnectorException(ConnectorFailure.Refused, "Blueskyへの写真・動画の自動発信には対応していません。添付を外すか、Blueskyで投稿して公開を記録してください。");
        }
        var session = await SessionAsync(credentials, ct);
        var rkey = BlueskyText.RecordKey(post.PublicationId, post.IdempotencyKey);
        if (post.MayHaveGoneOut && await OwnRecordAsync(session, rkey, ct) is { } already)
        {
            return already;
        }
        var record = new JsonObject
        {
            ["$type"] = PostCollection,
            ["text"] = post.Text,
            ["createdAt"] = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["langs"] = new JsonArray("ja"),
        };
        var facets = BlueskyText.LinkFacets(post.Text);
        if (facets.Count > 0)
        {
            record["facets"] = new JsonArray([.. facets.Select(f => (JsonNode)new JsonObject
            {
                ["index"] = new JsonObject { ["byteStart"] = f.ByteStart, ["byteEnd"] = f.ByteEnd },
                ["features"] = new JsonArray(new JsonObject { ["$type"] = "app.bsky.richtext.facet#link", ["uri"] = f.Uri }),
            })]);
        }
        if (post.ReplyTo is { } target)
        {
            record["reply"] = await ReplyRefAsync(credentials, target, ct);
        }
        var body = new JsonObject { ["repo"] = session.Did, ["collection"] = PostCollection, ["rkey"] = rkey, ["record"] = record };
        try
        {
            var created = await XrpcAsync(credentials, HttpMethod.Post, "com.atproto.repo.createRecord", null, body, ct);
            return new SentPost(created.GetProperty("uri").GetString()!, PostUrl(session.Handle, rkey));
        }
        catch (ConnectorException e) when (e.Failure is ConnectorFailure.Transient or ConnectorFailure.Refused or ConnectorFailure.Duplicate)
        {
            // The PDS refuses a second record under the same key (the first attempt went out and its answer was lost):
            // the record that is there is this publication's.
            if (await OwnRecordAsync(session, rkey, ct) is { } sent)
            {
                return sent;
            }
            throw;
        }
    }

    public async Task<IReadOnlyList<ObservedInput>> ReadRecentPostsAsync(ConnectorCredentials credentials, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var session = await SessionAsync(credentials, ct);
        var list = await XrpcAsync(credentials, HttpMethod.Get, "com.atproto.repo.listRecords",
            $"repo={Uri.EscapeDataString(session.Did)}&collection={PostCollection}&limit=50", null, ct);
        var posts = new List<ObservedInput>();
        foreach (var r in list.GetProperty("records").EnumerateArray())
        {
            var uri = r.GetProperty("uri").GetString()!;
            var value = r.GetProperty("value");
            posts.Add(new ObservedInput(uri, PostUrl(session.Handle, RecordKeyOf(uri)), Str(value, "text") ?? "", Date(Str(value, "createdAt"))));
        }
        return posts;
    }

    public async Task<IReadOnlyList<ReadBackReply>> ReadRepliesAsync(ConnectorCredentials credentials, IReadOnlyList<string> ourPostIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var list = await XrpcAsync(credentials, HttpMethod.Get, "app.bsky.notification.listNotifications", "limit=50", null, ct);
        var replies = new List<ReadBackReply>();
        foreach (var n in list.GetProperty("notifications").EnumerateArray())
        {
            var reason = Str(n, "reason");
            if (reason is not ("reply" or "mention"))
            {
                continue;
            }
            var uri = Str(n, "uri")!;
            var handle = n.TryGetProperty("author", out var author) ? Str(author, "handle") : null;
            var record = n.GetProperty("record");
            var parent = record.TryGetProperty("reply", out var reply) && reply.TryGetProperty("parent", out var p) ? Str(p, "uri") : null;
            replies.Add(new ReadBackReply(uri, parent, "@" + (handle ?? "unknown"), Str(record, "text") ?? "",
                handle is null ? null : PostUrl(handle, RecordKeyOf(uri)),
                Date(Str(record, "createdAt")) ?? Date(Str(n, "indexedAt")) ?? clock.GetUtcNow(),
                reason == "reply" ? CommentKind.Reply : CommentKind.Comment));
        }
        return replies;
    }

    public static string PostUrl(string handle, string rkey) => $"https://bsky.app/profile/{handle}/post/{rkey}";

    private static string RecordKeyOf(string atUri) => atUri[(atUri.LastIndexOf('/') + 1)..];

    /// <summary>Our own post under <paramref name="rkey"/>, if the repository has it.</summary>
    private async Task<SentPost?> OwnRecordAsync(Session session, string rkey, CancellationToken ct)
    {
        var found = await GetRecordAsync(session.Did, PostCollection, rkey, ct);
        return found is { } r ? new SentPost(r.GetProperty("uri").GetString()!, PostUrl(session.Handle, rkey)) : null;
    }

    /// <summary>getRecord: the record, or null when the repository has no record under the key.</summary>
    private async Task<JsonElement?> GetRecordAsync(string repo, string collection, string rkey, CancellationToken ct)
    {
        try
        {
            return await SendAsync(HttpMethod.Get, "com.atproto.repo.getRecord",
                $"repo={Uri.EscapeDataString(repo)}&collection={Uri.EscapeDataString(collection)}&rkey={Uri.EscapeDataString(rkey)}", null, null, ct);
        }
        catch (XrpcError e) when (e.Error is "RecordNotFound")
        {
            return null;
        }
        catch (XrpcError e)
        {
            throw e.ToConnectorException(clock.GetUtcNow());
        }
    }

    /// <summary>
    /// The reply's strong refs: parent = the comment (an at:// URI read back, or "handle/rkey" as CommentLink records a pasted
    /// bsky.app link), root = the parent's own root, or the parent when it starts the thread.
    /// </summary>
    private async Task<JsonObject> ReplyRefAsync(ConnectorCredentials credentials, ReplyTarget target, CancellationToken ct)
    {
        var (repo, collection, rkey) = ParseTarget(target)
            ?? throw new ConnectorException(ConnectorFailure.Refused, $"返信先のBlueskyの投稿がわかりません（{target.PlatformId ?? target.Url}）。コメントに投稿のURLを記録してください。");
        _ = credentials;
        var parent = await GetRecordAsync(repo, collection, rkey, ct)
            ?? throw new ConnectorException(ConnectorFailure.Refused, $"返信先のBlueskyの投稿（{target.Url ?? target.PlatformId}）が見つかりません。削除された可能性があります。");
        var parentRef = new JsonObject { ["uri"] = parent.GetProperty("uri").GetString(), ["cid"] = parent.GetProperty("cid").GetString() };
        JsonNode root = parentRef.DeepClone();
        if (parent.TryGetProperty("value", out var value) && value.TryGetProperty("reply", out var reply) && reply.TryGetProperty("root", out var r)
            && Str(r, "uri") is { } rootUri && Str(r, "cid") is { } rootCid)
        {
            root = new JsonObject { ["uri"] = rootUri, ["cid"] = rootCid };
        }
        return new JsonObject { ["root"] = root, ["parent"] = parentRef };
    }

    private static (string Repo, string Collection, string Rkey)? ParseTarget(ReplyTarget target)
    {
        var id = target.PlatformId;
        if (id is { } at && at.StartsWith("at://", StringComparison.Ordinal) && at[5..].Split('/') is [var repo, var collection, var rkey])
        {
            return (repo, collection, rkey);
        }
        if (id is { } pair && !pair.Contains(':', StringComparison.Ordinal) && pair.Split('/') is [var handle, var key])
        {
            return (handle, PostCollection, key);
        }
        if (target.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Host == "bsky.app"
            && u.AbsolutePath.Trim('/').Split('/') is ["profile", var h, "post", var k])
        {
            return (h, PostCollection, k);
        }
        return null;
    }

    // ---- sessions and calls ---------------------------------------------------------------------------

    private sealed record Session(string Key, string Did, string Handle, string AccessJwt, string RefreshJwt);

    /// <summary>The account's session (created with the handle and app password, kept while the connection is unchanged).</summary>
    private async Task<Session> SessionAsync(ConnectorCredentials credentials, CancellationToken ct)
    {
        var key = SessionKey(credentials);
        if (_sessions.TryGetValue(credentials.AccountId, out var s) && s.Key == key)
        {
            return s;
        }
        JsonElement answer;
        try
        {
            answer = await SendAsync(HttpMethod.Post, "com.atproto.server.createSession", null,
                new JsonObject { ["identifier"] = credentials.Required("handle"), ["password"] = credentials.Required("appPassword") }, null, ct);
        }
        catch (XrpcError e) when (e.Status is 401 or 400 && e.Error is "AuthenticationRequired" or "AccountTakedown" or "AccountDeactivated" or "InvalidRequest")
        {
            throw new ConnectorException(ConnectorFailure.CredentialsRejected,
                $"Blueskyがハンドルとアプリパスワードを受け付けませんでした（Bluesky の応答: \"{e.Describe()}\"）。所属長が接続情報を登録し直してください。", e.Status);
        }
        catch (XrpcError e)
        {
            throw e.ToConnectorException(clock.GetUtcNow());
        }
        return _sessions[credentials.AccountId] = Read(key, answer);
    }

    private static Session Read(string key, JsonElement answer) =>
        new(key, Str(answer, "did")!, Str(answer, "handle")!, Str(answer, "accessJwt")!, Str(answer, "refreshJwt")!);

    private static string SessionKey(ConnectorCredentials credentials) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(credentials.Required("handle") + "\n" + credentials.Required("appPassword"))));

    /// <summary>
    /// One authenticated call: on ExpiredToken the session is refreshed (refreshSession) and the call made again; on a
    /// token the PDS no longer accepts, a new session is created once.
    /// </summary>
    private async Task<JsonElement> XrpcAsync(ConnectorCredentials credentials, HttpMethod method, string nsid, string? query, JsonObject? body, CancellationToken ct)
    {
        var session = await SessionAsync(credentials, ct);
        try
        {
            return await SendAsync(method, nsid, query, body, session.AccessJwt, ct);
        }
        catch (XrpcError e) when (e.Error is "ExpiredToken" or "InvalidToken" || e.Status == 401)
        {
            session = await RenewAsync(credentials, session, e.Error == "ExpiredToken", ct);
        }
        catch (XrpcError e)
        {
            throw e.ToConnectorException(clock.GetUtcNow());
        }
        try
        {
            return await SendAsync(method, nsid, query, body, session.AccessJwt, ct);
        }
        catch (XrpcError e)
        {
            throw e.ToConnectorException(clock.GetUtcNow());
        }
    }

    private async Task<Session> RenewAsync(ConnectorCredentials credentials, Session session, bool expired, CancellationToken ct)
    {
        if (expired)
        {
            try
            {
                var refreshed = await SendAsync(HttpMethod.Post, "com.atproto.server.refreshSession", null, null, session.RefreshJwt, ct);
                return _sessions[credentials.AccountId] = Read(session.Key, refreshed);
            }
            catch (XrpcError e) when (e.Status is 400 or 401)
            {
                // the refresh token ran out too: a new session below
            }
        }
        _sessions.TryRemove(credentials.AccountId, out _);
        return await SessionAsync(credentials, ct);
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string nsid, string? query, JsonObject? body, string? bearer, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(Pds, "xrpc/" + nsid + (query is null ? "" : "?" + query)));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var http = clients.CreateClient(ClientName);
        using var response = await ConnectorHttp.SendAsync(http, request, Label, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        JsonElement? json = null;
        try
        {
            json = text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            json = null;
        }
        if (!response.IsSuccessStatusCode)
        {
            var error = json is { ValueKind: JsonValueKind.Object } j ? Str(j, "error") : null;
            var message = json is { ValueKind: JsonValueKind.Object } k ? Str(k, "message") : null;
            throw new XrpcError((int)response.StatusCode, error, message ?? response.ReasonPhrase, ConnectorHttp.RetryAfter(response, "ratelimit-reset", clock.GetUtcNow()));
        }
        return json ?? throw new ConnectorException(ConnectorFailure.Transient, "Blueskyの応答を読めませんでした。", (int)response.StatusCode);
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static DateTimeOffset? Date(string? s) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    /// <summary>An XRPC error answer (<c>{"error","message"}</c>), turned into a <see cref="ConnectorException"/> where it leaves the adapter.</summary>
    private sealed class XrpcError(int status, string? error, string? message, TimeSpan? retryAfter) : Exception(message)
    {
        public int Status { get; } = status;
        public string? Error { get; } = error;

        public string Describe() => Error is null ? Message : $"{Error}: {Message}";

        public ConnectorException ToConnectorException(DateTimeOffset now)
        {
            _ = now;
            var said = Describe();
            return Status switch
            {
                401 or 403 => new(ConnectorFailure.CredentialsRejected, $"Blueskyが接続情報を受け付けませんでした（Bluesky の応答: \"{said}\"）。所属長が接続情報を登録し直してください。", Status),
                429 => new(ConnectorFailure.RateLimited, $"Blueskyの利用回数の上限に達しました（Bluesky の応答: \"{said}\"）。時間をおいて送り直します。", Status, retryAfter),
                >= 500 or 408 => new(ConnectorFailure.Transient, $"Blueskyのサーバーが一時的に応答できませんでした（Bluesky の応答: \"{said}\"）。", Status),
                _ when Error is "AccountTakedown" or "AccountDeactivated" => new(ConnectorFailure.CredentialsRejected,
                    $"Blueskyのアカウントが利用できません（Bluesky の応答: \"{said}\"）。", Status),
                _ => new(ConnectorFailure.Refused, $"Blueskyが発信を受け付けませんでした（Bluesky の応答: \"{said}\"）。", Status),
            };
        }
    }
}
