using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MuniSocial.Domain.Publishing;
using MuniSocial.Infrastructure.Connectors;

namespace MuniSocial.Tests.Infrastructure.Connectors;

/// <summary>
/// The Bluesky adapter against the real reference PDS (MUNISOCIAL_TEST_PDS, started by ./test): an account is made with
/// com.atproto.server.createAccount and an app password with createAppPassword, and the adapter connects with them as
/// the section head would. What went out is read back with com.atproto.repo.listRecords.
/// </summary>
public sealed class BlueskyConnectorTests : IAsyncLifetime
{
    private ServiceProvider _services = null!;
    private PdsAccount _city = null!;

    private BlueskyConnector Connector => _services.GetRequiredService<BlueskyConnector>();
    private ConnectorCredentials Credentials => ConnectorServices.Bluesky(_city.Handle, _city.AppPassword);

    public async Task InitializeAsync()
    {
        _services = ConnectorServices.Build(ReferencePds.Settings());
        _city = await ReferencePds.CreateAccountAsync();
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task A_Japanese_post_with_a_link_goes_out_with_the_link_facet_in_utf8_bytes()
    {
        var text = "【名寄市】冬の除雪についてのお知らせです。詳しくは https://www.city.nayoro.lg.jp/section/doboku/ をご覧ください。";
        var post = ConnectorServices.Post(text);

        var sent = await Connector.PublishAsync(Credentials, post, default);

        var record = Assert.Single(await ReferencePds.PostsOfAsync(_city.Did));
        var rkey = BlueskyText.RecordKey(post.PublicationId, post.IdempotencyKey);
        Assert.Equal($"at://{_city.Did}/app.bsky.feed.post/{rkey}", record.GetProperty("uri").GetString());
        Assert.Equal(sent.PlatformPostId, record.GetProperty("uri").GetString());
        Assert.Equal($"https://bsky.app/profile/{_city.Handle}/post/{rkey}", sent.Url);
        var value = record.GetProperty("value");
        Assert.Equal(text, value.GetProperty("text").GetString());
        Assert.Equal(["ja"], value.GetProperty("langs").EnumerateArray().Select(l => l.GetString()));
        var facet = Assert.Single(value.GetProperty("facets").EnumerateArray());
        var start = facet.GetProperty("index").GetProperty("byteStart").GetInt32();
        var end = facet.GetProperty("index").GetProperty("byteEnd").GetInt32();
        var link = "https://www.city.nayoro.lg.jp/section/doboku/";
        var before = text[..text.IndexOf(link, StringComparison.Ordinal)];
        Assert.Equal(Encoding.UTF8.GetByteCount(before), start);
        Assert.NotEqual(before.Length, start); // UTF-16 offsets would be wrong here
        Assert.Equal(link, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)[start..end]));
        var feature = Assert.Single(facet.GetProperty("features").EnumerateArray());
        Assert.Equal("app.bsky.richtext.facet#link", feature.GetProperty("$type").GetString());
        Assert.Equal(link, feature.GetProperty("uri").GetString());
    }

    [Fact]
    public async Task A_resend_of_the_same_publication_makes_no_second_post()
    {
        var post = ConnectorServices.Post("イベントのお知らせ（再送の確認）");

        var first = await Connector.PublishAsync(Credentials, post, default);
        // The process died after the send: the sender knows an attempt may have gone out.
        var afterRestart = await Connector.PublishAsync(Credentials, post with { MayHaveGoneOut = true }, default);
        // Even a resend that does not know: the PDS refuses a second record under the publication's key.
        var blind = await Connector.PublishAsync(Credentials, post, default);

        Assert.Equal(first, afterRestart);
        Assert.Equal(first, blind);
        Assert.Single(await ReferencePds.PostsOfAsync(_city.Did));
    }

    [Fact]
    public async Task A_reply_goes_to_its_thread_with_root_and_parent()
    {
        var citizen = await ReferencePds.CreateAccountAsync();
        var question = await ReferencePds.PostAsync(citizen, "ごみの収集日を教えてください");

        var reply = await Connector.PublishAsync(Credentials, ConnectorServices.Post("お問い合わせありがとうございます。",
            new ReplyTarget(question.Uri, "@" + citizen.Handle, null)), default);
        var followUp = await Connector.PublishAsync(Credentials, ConnectorServices.Post("追加のご案内です。",
            new ReplyTarget(reply.PlatformPostId, null, null)), default);
        // A comment entered by hand from a bsky.app link (CommentLink records "handle/rkey").
        var byLink = await Connector.PublishAsync(Credentials, ConnectorServices.Post("リンクからの返信です。",
            new ReplyTarget($"{citizen.Handle}/{question.Uri[(question.Uri.LastIndexOf('/') + 1)..]}", null, null)), default);

        var records = (await ReferencePds.PostsOfAsync(_city.Did)).ToDictionary(r => r.GetProperty("uri").GetString()!);
        var first = records[reply.PlatformPostId].GetProperty("value").GetProperty("reply");
        Assert.Equal(question.Uri, first.GetProperty("root").GetProperty("uri").GetString());
        Assert.Equal(question.Cid, first.GetProperty("root").GetProperty("cid").GetString());
        Assert.Equal(question.Uri, first.GetProperty("parent").GetProperty("uri").GetString());
        Assert.Equal(question.Cid, first.GetProperty("parent").GetProperty("cid").GetString());
        var second = records[followUp.PlatformPostId].GetProperty("value").GetProperty("reply");
        Assert.Equal(question.Uri, second.GetProperty("root").GetProperty("uri").GetString());
        Assert.Equal(reply.PlatformPostId, second.GetProperty("parent").GetProperty("uri").GetString());
        var third = records[byLink.PlatformPostId].GetProperty("value").GetProperty("reply");
        Assert.Equal(question.Uri, third.GetProperty("parent").GetProperty("uri").GetString());
    }

    [Fact]
    public async Task The_accounts_posts_are_read_back_with_their_text_and_address()
    {
        var one = await Connector.PublishAsync(Credentials, ConnectorServices.Post("一つ目の投稿 https://example.jp/1"), default);
        var other = await ReferencePds.PostAsync(_city, "市のアプリ以外から投稿された文");

        var posts = await Connector.ReadRecentPostsAsync(Credentials, default);

        Assert.Equal(2, posts.Count);
        var read = Assert.Single(posts, p => p.PlatformPostId == one.PlatformPostId);
        Assert.Equal("一つ目の投稿 https://example.jp/1", read.Text);
        Assert.Equal(one.Url, read.Url);
        Assert.NotNull(read.PostedAt);
        Assert.Equal("市のアプリ以外から投稿された文", Assert.Single(posts, p => p.PlatformPostId == other.Uri).Text);
    }

    [Fact]
    public async Task A_wrong_app_password_is_a_broken_connection_with_the_platforms_message()
    {
        var e = await Assert.ThrowsAsync<ConnectorException>(() =>
            Connector.PublishAsync(ConnectorServices.Bluesky(_city.Handle, "aaaa-bbbb-cccc-dddd"), ConnectorServices.Post("お知らせ"), default));

        Assert.Equal(ConnectorFailure.CredentialsRejected, e.Failure);
        Assert.Equal(401, e.StatusCode);
        Assert.StartsWith("Blueskyがハンドルとアプリパスワードを受け付けませんでした（Bluesky の応答: \"AuthenticationRequired: ", e.Message, StringComparison.Ordinal);
        Assert.Empty(await ReferencePds.PostsOfAsync(_city.Did));
    }

    [Fact]
    public async Task A_text_over_300_graphemes_is_refused_before_anything_goes_out()
    {
        var e = await Assert.ThrowsAsync<ConnectorException>(() =>
            Connector.PublishAsync(Credentials, ConnectorServices.Post(new string('雪', 301)), default));

        Assert.Equal(ConnectorFailure.Refused, e.Failure);
        Assert.Contains("Blueskyの投稿は300文字までです。この本文は301文字あります", e.Message, StringComparison.Ordinal);
        Assert.Empty(await ReferencePds.PostsOfAsync(_city.Did));
    }

    [Fact]
    public async Task A_reply_to_a_post_that_is_not_there_is_refused_with_a_clear_message()
    {
        var e = await Assert.ThrowsAsync<ConnectorException>(() => Connector.PublishAsync(Credentials,
            ConnectorServices.Post("返信", new ReplyTarget($"at://{_city.Did}/app.bsky.feed.post/3kabcdefghij2", null, "https://bsky.app/x")), default));

        Assert.Equal(ConnectorFailure.Refused, e.Failure);
        Assert.Equal("返信先のBlueskyの投稿（https://bsky.app/x）が見つかりません。削除された可能性があります。", e.Message);
        Assert.Empty(await ReferencePds.PostsOfAsync(_city.Did));
    }
}
