using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace MuniSocial.Infrastructure.Identity;

/// <summary>Which local field the identity provider's claim is matched against.</summary>
public enum OidcMatch
{
    /// <summary>The local user name (e.g. the claim <c>preferred_username</c> is the staff number).</summary>
    UserName,

    /// <summary><see cref="AppUser.ExternalSubject"/>, set by the admin on the user's edit page (e.g. the claim <c>sub</c>).</summary>
    ExternalSubject,
}

/// <summary>
/// <c>Auth:Oidc</c>: sign-in with the city's identity provider (OpenID Connect, code flow with PKCE). Off unless
/// <see cref="Authority"/> and <see cref="ClientId"/> are set; local accounts keep working either way.
/// </summary>
public sealed class OidcOptions
{
    public const string SectionName = "Auth:Oidc";

    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>The button's text on the login page.</summary>
    public string DisplayName { get; set; } = "名寄市 統合認証でログイン";

    /// <summary>The claim of the ID token that names the local user (<c>preferred_username</c>, <c>email</c>, <c>sub</c> …).</summary>
    public string UserClaim { get; set; } = "preferred_username";

    public OidcMatch MatchOn { get; set; } = OidcMatch.UserName;

    /// <summary>Only a development or test provider on plain HTTP turns this off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// The <c>amr</c> values (RFC 8176) by which the provider says the person used more than one factor; such a
    /// sign-in counts as multi-factor here (<see cref="OidcSignIn.MfaByProvider"/>). Empty: the provider's word is not taken.
    /// </summary>
    public string[] MfaAmrValues { get; set; } = ["mfa"];

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

public static class OidcSetup
{
    public const string Scheme = "oidc";
    public const string CallbackPath = "/signin-oidc";
    public const string LocalCallback = "/login/oidc/callback";

    /// <summary>Registers the OpenID Connect scheme when <c>Auth:Oidc</c> is configured; nothing otherwise.</summary>
    public static void AddOidcSignIn(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(OidcOptions.SectionName);
        builder.Services.Configure<OidcOptions>(section);
        builder.Services.AddScoped<OidcSignIn>();
        var settings = section.Get<OidcOptions>() ?? new OidcOptions();
        if (!settings.Enabled)
        {
            return;
        }
        builder.Services.AddAuthentication().AddOpenIdConnect(Scheme, settings.DisplayName, o =>
        {
            // The provider's answer lands in Identity's short-lived external cookie; the callback page then signs the
            // local user in with the normal cookie (their roles and section), or refuses.
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.Authority = settings.Authority;
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            o.CallbackPath = CallbackPath;
            o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            // Discovery, keys and the code's redemption: a redirect from the provider is not followed (ASVS 15.3.2).
            o.BackchannelHttpHandler = OutboundHttp.NewHandler();
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            o.Scope.Add("email");
            o.Events.OnRemoteFailure = async context =>
            {
                // A tampered state or nonce, an error from the provider, a code that does not redeem: refused, logged, never a 500.
                var events = context.HttpContext.RequestServices.GetRequiredService<SecurityEvents>();
                await events.RecordAsync(SecurityEventKind.SignInFailed, null, null, "oidc: " + (context.Failure?.GetType().Name ?? "remote-failure"),
                    context.HttpContext.RequestAborted);
                context.Response.Redirect(LocalCallback + "?failed=1");
                context.HandleResponse();
            };
        });
        // Identity refreshes the cookie's principal when it checks the security stamp: keep how the person signed in.
        builder.Services.Configure<SecurityStampValidatorOptions>(o =>
        {
            var previous = o.OnRefreshingPrincipal;
            o.OnRefreshingPrincipal = async context =>
            {
                if (previous is not null)
                {
                    await previous(context);
                }
                if (context.NewPrincipal?.Identity is ClaimsIdentity identity && context.CurrentPrincipal is { } current)
                {
                    foreach (var claim in current.FindAll(c => c.Type is OidcSignIn.AmrClaim or ClaimTypes.AuthenticationMethod))
                    {
                        if (!identity.HasClaim(claim.Type, claim.Value))
                        {
                            identity.AddClaim(new Claim(claim.Type, claim.Value));
                        }
                    }
                }
            };
        });
    }
}
