namespace MuniSocial.Domain.Posts;

/// <summary>The pre-approved scope of §5(2)ウ(イ) A–D.</summary>
public enum PostCategory
{
    A,
    B,
    C,
    D,
}

/// <summary>The categories a section pre-approves (a bit set).</summary>
[Flags]
public enum PostCategories
{
    None = 0,
    A = 1,
    B = 2,
    C = 4,
    D = 8,
}

/// <summary>§5(2)ウ(ウ): whether another staff member's check is required or left to the author.</summary>
public enum SecondCheckSetting
{
    Required,
    Optional,
}

public enum CheckRequirement
{
    None,
    Optional,
    Required,
}

/// <summary>Who must act on a submitted post: a colleague's check (none/optional/required) and the section head's approval.</summary>
public sealed record PostRoute(CheckRequirement Check, bool HeadApproval)
{
    /// <summary>Whether this submission goes to a colleague, given the author's choice where it is optional.</summary>
    public bool NeedsCheck(bool requested) => Check == CheckRequirement.Required || (Check == CheckRequirement.Optional && requested);
}

public static class PostRouting
{
    public static PostCategories Flag(PostCategory c) => (PostCategories)(1 << (int)c);

    /// <summary>
    /// §5(2)ウ: outside the section's pre-approved scope the head must approve (a head's own draft carries the head's
    /// 了承 already — nobody approves their own draft); where the section has more than one staff member, another
    /// staff member checks first, required or optional as the head set it.
    /// </summary>
    public static PostRoute Decide(PostCategories preApproved, PostCategory? category, int sectionStaffCount, SecondCheckSetting setting, bool authorIsHead = false)
    {
        var headApproval = !authorIsHead && (category is not { } c || !preApproved.HasFlag(Flag(c)));
        var check = sectionStaffCount <= 1 ? CheckRequirement.None
            : setting == SecondCheckSetting.Required ? CheckRequirement.Required : CheckRequirement.Optional;
        return new PostRoute(check, headApproval);
    }

    public static string Label(PostCategory c) => c switch
    {
        PostCategory.A => "A 情報が既に公開済である内容",
        PostCategory.B => "B イベントの状況や結果など、既成の事実",
        PostCategory.C => "C 法令等で定められている手続などの内容",
        PostCategory.D => "D その他、主管課で所属長の了承を不要と判断できる内容",
        _ => c.ToString(),
    };
}
