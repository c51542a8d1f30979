using MuniSocial.Domain.Posts;

namespace MuniSocial.Tests.Domain.Posts;

/// <summary>§5(2)ウ: who must act on a submitted post, as a table.</summary>
public sealed class PostRoutingTests
{
    [Theory]
    // scope setting, category, section staff, second-check setting, author is head → colleague check, head approval
    [InlineData("None", null, 3, "Required", false, "Required", true)]
    [InlineData("None", "A", 3, "Required", false, "Required", true)]
    [InlineData("A,B", "A", 3, "Required", false, "Required", false)]
    [InlineData("A,B", "B", 3, "Optional", false, "Optional", false)]
    [InlineData("A,B", "C", 3, "Optional", false, "Optional", true)]
    [InlineData("A,B", null, 2, "Required", false, "Required", true)]
    [InlineData("A,B,C,D", "D", 2, "Optional", false, "Optional", false)]
    [InlineData("A,B,C,D", "C", 1, "Required", false, "None", false)]
    [InlineData("None", null, 1, "Required", false, "None", true)]
    [InlineData("None", null, 1, "Optional", false, "None", true)]
    [InlineData("C", "C", 1, "Optional", false, "None", false)]
    [InlineData("None", null, 3, "Required", true, "Required", false)] // the head's own draft carries the head's 了承
    [InlineData("None", null, 1, "Required", true, "None", false)]
    public void Who_must_act(string scope, string? category, int staff, string secondCheck, bool authorIsHead, string expectedCheck, bool expectedHead)
    {
        var route = PostRouting.Decide(Enum.Parse<PostCategories>(scope), category is null ? null : Enum.Parse<PostCategory>(category), staff,
            Enum.Parse<SecondCheckSetting>(secondCheck), authorIsHead);
        Assert.Equal(Enum.Parse<CheckRequirement>(expectedCheck), route.Check);
        Assert.Equal(expectedHead, route.HeadApproval);
    }

    [Theory]
    [InlineData("Required", false, true)]
    [InlineData("Required", true, true)]
    [InlineData("Optional", false, false)]
    [InlineData("Optional", true, true)]
    [InlineData("None", true, false)]
    public void An_optional_check_happens_when_the_author_asks_for_it(string requirement, bool requested, bool expected) =>
        Assert.Equal(expected, new PostRoute(Enum.Parse<CheckRequirement>(requirement), true).NeedsCheck(requested));
}
