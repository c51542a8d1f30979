using MuniSocial.Domain;
using MuniSocial.Domain.Posts;
using static MuniSocial.Tests.Support.TableData;

namespace MuniSocial.Tests.Domain.Posts;

/// <summary>§5(2)ウ(イ): A asks for the link to where the information is already public; D is pre-approved only with a written scope.</summary>
public sealed class PostCategoryTests
{
    private const string Source = "https://www.city.nayoro.lg.jp/section/kosodate/1234.html";

    private static PostInput Input(PostCategory? category, string? source) =>
        new("市ホームページで公開済みの募集案内です。", null, category, null, PublicSourceUrl: source);

    [Theory]
    [InlineData(null, "A「情報が既に公開済である内容」を選んだ場合は、その情報を公開しているページのURLを入力してください。")]
    [InlineData("   ", "A「情報が既に公開済である内容」を選んだ場合は、その情報を公開しているページのURLを入力してください。")]
    [InlineData("http://www.city.nayoro.lg.jp/a.html", "公開済みの情報のURLは https:// で始まる形で入力してください（500文字以内）。")]
    [InlineData("市のホームページ", "公開済みの情報のURLは https:// で始まる形で入力してください（500文字以内）。")]
    [InlineData("https://www.city.nayoro.lg.jp/a b.html", "公開済みの情報のURLは https:// で始まる形で入力してください（500文字以内）。")]
    public void Category_A_without_a_valid_link_is_refused_on_publicSourceUrl(string? source, string message)
    {
        var account = PostLifecycleTests.ListedAccount();
        var ex = Assert.Throws<DomainValidationException>(() => Post.Create(Operator, account, PostKind.Post, Input(PostCategory.A, source), T0));
        Assert.Equal([message], ex.FieldErrors["publicSourceUrl"]);
    }

    [Fact]
    public void A_link_longer_than_500_is_refused()
    {
        var account = PostLifecycleTests.ListedAccount();
        var longUrl = "https://www.city.nayoro.lg.jp/" + new string('a', 471);
        Assert.Equal(501, longUrl.Length);
        var ex = Assert.Throws<DomainValidationException>(() => Post.Create(Operator, account, PostKind.Post, Input(PostCategory.A, longUrl), T0));
        Assert.True(ex.FieldErrors.ContainsKey("publicSourceUrl"));
    }

    [Fact]
    public void Category_A_keeps_the_link_on_the_post_its_round_and_the_audit()
    {
        var account = PostLifecycleTests.ListedAccount();
        var post = Post.Create(Operator, account, PostKind.Post, Input(PostCategory.A, " " + Source + " "), T0);
        Assert.Equal(Source, post.PublicSourceUrl);
        Assert.Equal(Source, System.Text.Json.JsonDocument.Parse(post.PendingAudit.Single().After!).RootElement.GetProperty("publicSourceUrl").GetString());
        post.Submit(Operator, [], [], new PostRoute(CheckRequirement.None, HeadApproval: false), requestCheck: false, T0.AddMinutes(1));
        Assert.Equal(Source, post.Rounds.Single().PublicSourceUrl);
        Assert.Equal(PostCategory.A, post.Rounds.Single().Category);
    }

    [Fact]
    public void Another_category_keeps_no_link_and_needs_none()
    {
        var account = PostLifecycleTests.ListedAccount();
        var post = Post.Create(Operator, account, PostKind.Post, Input(PostCategory.B, Source), T0);
        Assert.Null(post.PublicSourceUrl);
        post.Update(Operator, Input(null, null), T0.AddMinutes(1));
        Assert.Null(post.PublicSourceUrl);
        // Changed to A in an edit: the link is required there too.
        Assert.Throws<DomainValidationException>(() => post.Update(Operator, Input(PostCategory.A, null), T0.AddMinutes(2)));
        Assert.Null(post.Category);
    }

    [Fact]
    public void D_cannot_be_pre_approved_without_a_written_scope()
    {
        var settings = SectionPostSettings.Defaults(SectionA);
        var ex = Assert.Throws<DomainRuleException>(() => settings.Update(Head, PostCategories.A | PostCategories.D, SecondCheckSetting.Required, T0, "  "));
        Assert.Equal("category-d-needs-scope", ex.Rule);
        Assert.Equal("D「その他、主管課で所属長の了承を不要と判断できる内容」を事前承認にするには、Dに当たる内容の範囲を記入してください（ガイドライン5(2)ウ(イ)）。", ex.Message);
        Assert.True(ex.FieldErrors.ContainsKey("categoryDScope"));
        Assert.Equal(PostCategories.None, settings.PreApproved);
        Assert.Equal(0, settings.Version);
        Assert.Empty(settings.PendingAudit);
    }

    [Fact]
    public void D_with_a_scope_is_pre_approved_the_scope_shown_and_audited()
    {
        var settings = SectionPostSettings.Defaults(SectionA);
        settings.Update(Head, PostCategories.D, SecondCheckSetting.Optional, T0, "  図書館の開館日・休館日のお知らせ\r\n");
        Assert.Equal("図書館の開館日・休館日のお知らせ", settings.CategoryDScope);
        Assert.Equal("図書館の開館日・休館日のお知らせ", settings.CategoryDScopeShown);
        Assert.Equal(1, settings.Version);
        var audit = Assert.Single(settings.PendingAudit);
        Assert.Equal("post-settings.updated", audit.Action);
        Assert.Equal("図書館の開館日・休館日のお知らせ", System.Text.Json.JsonDocument.Parse(audit.After!).RootElement.GetProperty("categoryDScope").GetString());

        // D no longer pre-approved: the scope is kept but not shown to authors as in force.
        settings.Update(Head, PostCategories.A, SecondCheckSetting.Optional, T1, settings.CategoryDScope);
        Assert.Null(settings.CategoryDScopeShown);
        Assert.True(PostRouting.Decide(settings.PreApproved, PostCategory.D, 2, settings.SecondCheck).HeadApproval);
    }

    [Fact]
    public void Only_the_head_of_the_section_writes_the_scope_and_it_is_at_most_1000_characters()
    {
        var settings = SectionPostSettings.Defaults(SectionA);
        Assert.Throws<DomainForbiddenException>(() => settings.Update(Operator, PostCategories.D, SecondCheckSetting.Required, T0, "範囲"));
        Assert.Throws<DomainForbiddenException>(() => settings.Update(OtherHead, PostCategories.D, SecondCheckSetting.Required, T0, "範囲"));
        var ex = Assert.Throws<DomainValidationException>(() => settings.Update(Head, PostCategories.D, SecondCheckSetting.Required, T0, new string('あ', 1001)));
        Assert.True(ex.FieldErrors.ContainsKey("categoryDScope"));
        Assert.Equal(0, settings.Version);
    }
}
