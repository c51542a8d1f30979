namespace MuniSocial.Features.Accounts;

public static class AccountsApi
{
    public static void MapAccountsApi(this WebApplication app)
    {
        _ = app.MapGroup("/api/v1/accounts").RequireAuthorization(Infrastructure.Identity.Policies.Api).WithTags("Accounts");
    }
}
