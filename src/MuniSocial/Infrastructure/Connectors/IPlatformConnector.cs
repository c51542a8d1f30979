using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Publishing;

namespace MuniSocial.Infrastructure.Connectors;

/// <summary>
/// What MuniSocial needs of a platform — publish, read the account's recent posts, read the replies and mentions to
/// them — one small adapter per platform in this folder, each a typed <see cref="HttpClient"/> whose base address
/// comes from <c>Connectors:{Platform}:ApiBase</c> (Mastodon: each account's own server). An adapter turns the
/// platform's answer into these records, and every failure into a <see cref="ConnectorException"/> carrying the
/// platform's own message; it never decides about the outbox or the archive.
/// </summary>
public interface IPlatformConnector
{
    Platform Platform { get; }

    /// <summary>Whether photos and videos can go out with a post through this adapter.</summary>
    bool SupportsMedia { get; }

    /// <summary>Whether the account's own posts can be read back (false for LINE: the Messaging API does not list past broadcasts).</summary>
    bool CanReadBack { get; }

    /// <summary>
    /// Sends one post (or a reply to <see cref="OutgoingPost.ReplyTo"/>'s thread, never to everyone) and answers with the
    /// platform's id and URL of it. Uses <see cref="OutgoingPost.IdempotencyKey"/> where the platform honours one.
    /// </summary>
    Task<SentPost> PublishAsync(ConnectorCredentials credentials, OutgoingPost post, CancellationToken ct);

    /// <summary>The account's recent posts (newest first, as many as one page of the platform's API gives), as plain text
    /// with the platform's rewriting undone (shortened links expanded, HTML and facets to text).</summary>
    Task<IReadOnlyList<ObservedInput>> ReadRecentPostsAsync(ConnectorCredentials credentials, CancellationToken ct);

    /// <summary>Users' replies, comments and mentions to the account (to <paramref name="ourPostIds"/> where the platform
    /// needs to be asked per post), for the comments inbox. Empty where the platform pushes them instead (LINE webhook).</summary>
    Task<IReadOnlyList<ReadBackReply>> ReadRepliesAsync(ConnectorCredentials credentials, IReadOnlyList<string> ourPostIds, CancellationToken ct);
}

/// <summary>The decrypted credentials of one connection, for one call. Never logged, never shown.</summary>
/// <param name="Public">The non-secret fields (pageId, userId, handle, instanceUrl).</param>
/// <param name="Secrets">The secrets (tokens, app password, channel secret).</param>
public sealed record ConnectorCredentials(Guid AccountId, Platform Platform, IReadOnlyDictionary<string, string> Public, IReadOnlyDictionary<string, string> Secrets)
{
    /// <summary>Called by an adapter whose platform rotated the tokens (X OAuth 2.0 refresh): stores the new secrets at once.</summary>
    public Func<IReadOnlyDictionary<string, string>, CancellationToken, Task>? OnSecretsRotated { get; init; }

    public string Required(string name) =>
        Public.TryGetValue(name, out var p) ? p
        : Secrets.TryGetValue(name, out var s) ? s
        : throw new ConnectorException(ConnectorFailure.CredentialsRejected, $"接続情報に {name} がありません。所属長が接続情報を登録し直してください。");

    public string? Optional(string name) => Public.TryGetValue(name, out var p) ? p : Secrets.TryGetValue(name, out var s) ? s : null;

    public override string ToString() => $"ConnectorCredentials({Platform}, {AccountId})";
}

/// <summary>A photo or video to go out with a post.</summary>
public sealed record OutgoingMedia(string FileName, string ContentType, long Size, string Path, string? AltText = null);

/// <summary>What goes out: the exact approved text, the same idempotency key for every attempt, where a reply goes, and the files.</summary>
/// <param name="MayHaveGoneOut">An earlier attempt may have reached the platform (the process died mid-send).</param>
public sealed record OutgoingPost(Guid PublicationId, string Text, string IdempotencyKey, ReplyTarget? ReplyTo, IReadOnlyList<OutgoingMedia> Media, bool MayHaveGoneOut = false);

/// <summary>The platform's answer to a send: its id of the post and the post's public URL.</summary>
public sealed record SentPost(string PlatformPostId, string? Url);

/// <summary>A user's reply, comment, mention or message read back from the platform.</summary>
/// <param name="PlatformId">The platform's id of it (for a reply of ours to its thread).</param>
/// <param name="InReplyToPostId">The platform id of our post it answers, if any.</param>
public sealed record ReadBackReply(string PlatformId, string? InReplyToPostId, string AuthorHandle, string Text, string? Url, DateTimeOffset ReceivedAt,
    CommentKind Kind = CommentKind.Reply);

public enum ConnectorFailure
{
    /// <summary>Timeout, connection refused, 5xx: try again later (the outbox backs off).</summary>
    Transient,

    /// <summary>429: try again after <see cref="ConnectorException.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>401/403 for the credentials (expired or revoked token, wrong app password): the connection is broken until the head replaces it.</summary>
    CredentialsRejected,

    /// <summary>The platform refused this post for good (text too long, duplicate content, bad reply target): shown with its message.</summary>
    Refused,

    /// <summary>The platform says it already has this request (a duplicate idempotency key whose first result we lost).</summary>
    Duplicate,
}

/// <summary>A platform call that failed, with the platform's own message (shown to the operator and the head).</summary>
public sealed class ConnectorException : Exception
{
    public ConnectorException() : this(ConnectorFailure.Transient, "プラットフォームとの通信に失敗しました。") { }

    public ConnectorException(string message) : this(ConnectorFailure.Transient, message) { }

    public ConnectorException(string message, Exception innerException) : base(message, innerException) => Failure = ConnectorFailure.Transient;

    public ConnectorException(ConnectorFailure failure, string platformMessage, int? statusCode = null, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(platformMessage, inner)
    {
        Failure = failure;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    public ConnectorFailure Failure { get; }
    public int? StatusCode { get; }
    public TimeSpan? RetryAfter { get; }

    public bool IsTransient => Failure is ConnectorFailure.Transient or ConnectorFailure.RateLimited;
}
