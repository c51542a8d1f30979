namespace MuniSocial.Features.Accounts;

/// <summary>§5(4)エ on the staff pages: the profile text drafted from the accepted policy of a Listed account, linking to its public policy page.</summary>
public static class ProfileDisplay
{
    /// <summary>The public policy page of the account (as the public list links it), absolute on this site.</summary>
    public static string PolicyUrl(HttpRequest request, Guid accountId) => $"{request.Scheme}://{request.Host}{request.PathBase}/policies/{accountId}";

    /// <summary>The draft for a Listed account with an accepted policy; null otherwise.</summary>
    public static ProfileDraft? Draft(HttpRequest request, SocialAccount account) =>
        account.Status == AccountStatus.Listed && account.AcceptedPolicy is { } policy
            ? ProfileText.Draft(policy, PolicyUrl(request, account.Id))
            : null;
}
