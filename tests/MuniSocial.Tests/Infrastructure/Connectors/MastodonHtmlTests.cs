using MuniSocial.Infrastructure.Connectors;

namespace MuniSocial.Tests.Infrastructure.Connectors;

/// <summary>Mastodon's content HTML (https://docs.joinmastodon.org/entities/Status/#content) back to the text that was posted.</summary>
public sealed class MastodonHtmlTests
{
    [Theory]
    [InlineData("<p>名寄市からのお知らせです。</p>", "名寄市からのお知らせです。")]
    [InlineData("<p>1行目<br />2行目<br>3行目</p>", "1行目\n2行目\n3行目")]
    [InlineData("<p>段落1</p><p>段落2</p>", "段落1\n\n段落2")]
    [InlineData("<p>A &amp; B &lt;C&gt; &quot;D&quot; &#39;E&#39;</p>", "A & B <C> \"D\" 'E'")]
    // A long link is shortened on screen with invisible and ellipsis spans: the text of all of them is the whole address.
    [InlineData("<p>詳しくは <a href=\"https://www.city.nayoro.lg.jp/section/kikaku/prkoho/tmp1.html\" target=\"_blank\" rel=\"nofollow noopener\" translate=\"no\"><span class=\"invisible\">https://www.</span><span class=\"ellipsis\">city.nayoro.lg.jp/section/kika</span><span class=\"invisible\">ku/prkoho/tmp1.html</span></a> をご覧ください</p>",
        "詳しくは https://www.city.nayoro.lg.jp/section/kikaku/prkoho/tmp1.html をご覧ください")]
    [InlineData("<p><span class=\"h-card\" translate=\"no\"><a href=\"https://mastodon.example.jp/@taro\" class=\"u-url mention\">@<span>taro</span></a></span> ありがとうございます <a href=\"https://mastodon.example.jp/tags/%E5%90%8D%E5%AF%84\" class=\"mention hashtag\" rel=\"tag\">#<span>名寄</span></a></p>",
        "@taro ありがとうございます #名寄")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Content_html_becomes_the_posted_text(string? html, string text) => Assert.Equal(text, MastodonHtml.ToText(html));
}
