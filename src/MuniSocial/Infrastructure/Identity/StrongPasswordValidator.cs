using Microsoft.AspNetCore.Identity;

namespace MuniSocial.Infrastructure.Identity;

/// <summary>
/// ASVS 6.2.x: a password an attacker would guess is refused — the zxcvbn estimator (its dictionaries of common
/// passwords, names and words, keyboard patterns, dates and repeats), with the user's own names as extra words.
/// Score below 3 ("safely unguessable" starts at 3) is refused. No composition rules; the length (12) is Identity's.
/// </summary>
public sealed class StrongPasswordValidator : IPasswordValidator<AppUser>
{
    public const int MinimumScore = 3;
    public const string WeakCode = "PasswordTooGuessable";

    public const string WeakMessage = "このパスワードは推測されやすいため使えません（よく使われるパスワード・単語・地名・名前・キーボードの並び・日付や、" +
        "あなたのユーザー名や氏名を含むもの）。関係のない単語を3つ以上つなげるなど、長く推測しにくいパスワードにしてください。";

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success); // the required-length validator names an empty password
        }
        return Task.FromResult(IsStrong(password, user.UserName, user.DisplayName, user.Email)
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError { Code = WeakCode, Description = WeakMessage }));
    }

    /// <summary>Whether zxcvbn scores the password 3 or more, with the user's names (and their parts) as words it knows.</summary>
    public static bool IsStrong(string password, params string?[] userInputs)
    {
        var words = userInputs.Where(s => !string.IsNullOrWhiteSpace(s))
            .SelectMany(s => s!.Split([' ', '　', '@', '.', '-', '_'], StringSplitOptions.RemoveEmptyEntries).Append(s!))
            .Select(s => s.ToLowerInvariant())
            .Append("munisocial").Append("nayoro").Append("名寄")
            .Distinct()
            .ToList();
        return Zxcvbn.Zxcvbn.MatchPassword(password, words).Score >= MinimumScore;
    }
}
