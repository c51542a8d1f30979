using MuniSocial.Domain.Comments;
using MuniSocial.Domain.Posts;

namespace MuniSocial.Tests.Domain.Comments;

/// <summary>The content check's suggestion of 注意事項 categories for users' comments.</summary>
public sealed class ModerationSuggestionsTests
{
    [Theory]
    [InlineData("次の市議選は〇〇党に投票をお願いします！", ModerationCategory.PoliticalOrReligious)]
    [InlineData("私たちの教えに入信すれば病気も治ります。", ModerationCategory.PoliticalOrReligious)]
    [InlineData("副業で月30万稼いでます！詳しくはプロフのリンクから", ModerationCategory.Advertising)]
    [InlineData("LINE追加で無料で稼げる方法を教えます", ModerationCategory.Advertising)]
    [InlineData("詳しくは https://bit.ly/3abcXYZ へ", ModerationCategory.Advertising)]
    [InlineData("外国人は出て行け。", ModerationCategory.Discrimination)]
    [InlineData("オンラインカジノで毎月20万勝ってます", ModerationCategory.PublicOrder)]
    [InlineData("市役所を爆破してやる。", ModerationCategory.IllegalActs)]
    [InlineData("万引きしてもバレなきゃ平気", ModerationCategory.IllegalActs)]
    [InlineData("担当の携帯 090-1234-5678 に電話して", ModerationCategory.Privacy)]
    [InlineData("無能な担当者のせいです。", ModerationCategory.Defamation)]
    public void A_comment_gets_the_category_of_what_it_says(string text, ModerationCategory expected) =>
        Assert.Contains(expected, ModerationSuggestions.For(text, ContentChecker.Default));

    [Theory]
    [InlineData("期日前投票に行ってきました。空いていました")]
    [InlineData("例大祭の屋台、今年も楽しみにしています")]
    [InlineData("市の公式LINEを友だち追加しました。除雪情報が便利です")]
    [InlineData("外国人観光客が増えて、まちがにぎやかですね")]
    [InlineData("薬物乱用防止の講演、子どもと一緒に聞きました")]
    [InlineData("万引きを見かけたら店員さんに伝えましょう。")]
    public void An_ordinary_comment_gets_no_suggestion(string text) =>
        Assert.Empty(ModerationSuggestions.For(text, ContentChecker.Default));

    [Fact]
    public void Every_kind_of_the_check_that_speaks_of_a_comment_maps_to_a_category()
    {
        var mapped = FindingKinds.All.Where(k => ModerationSuggestions.CategoryOf(k) is not null).ToList();
        Assert.Contains(FindingKind.Incitement, mapped);
        Assert.Contains(FindingKind.PoliticalOrReligious, mapped);
        Assert.Contains(FindingKind.PublicOrder, mapped);
        Assert.Contains(FindingKind.Advertising, mapped);
        Assert.Contains(FindingKind.Discrimination, mapped);
        // Kinds about the city's own posting (length, hours, period) say nothing about a comment.
        Assert.Null(ModerationSuggestions.CategoryOf(FindingKind.Length));
        Assert.Null(ModerationSuggestions.CategoryOf(FindingKind.OutsideHours));
    }
}
