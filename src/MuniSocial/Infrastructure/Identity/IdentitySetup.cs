using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace MuniSocial.Infrastructure.Identity;

public sealed class DemoOptions
{
    public bool Enabled { get; set; }
}

public static class IdentitySetup
{
    public static void AddIdentityAndAuth(this WebApplicationBuilder builder)
    {
        // Bound at start, so that a Demo:Enabled that is not true/false stops the start naming the setting.
        builder.Services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection("Demo")).ValidateOnStart();
        builder.Services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection("Auth"))
            .Validate(o => o.IdleTimeout > TimeSpan.Zero && o.AbsoluteLifetime >= o.IdleTimeout && o.BearerLifetime > TimeSpan.Zero,
                "Auth:IdleTimeout, Auth:AbsoluteLifetime (≥ IdleTimeout) and Auth:BearerLifetime must be positive times, e.g. 00:30:00.")
            .ValidateOnStart();
        var auth = builder.Configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        // __Host- cookies need HTTPS: on by default except where the app runs over plain HTTP (Development, the tests).
        var secureCookies = auth.SecureCookies ?? !(builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing"));
        builder.Services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                // NIST SP 800-63B: length, no composition rules.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
                // Sign-in also asks ActiveUserConfirmation: inactive users, and demo users outside demo mode, cannot sign in.
                o.SignIn.RequireConfirmedAccount = true;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddUserStore<AppUserStore>() // recovery codes kept as hashes only (ASVS 6.5.2)
            .AddErrorDescriber<JapaneseIdentityErrorDescriber>()
            .AddSignInManager<AppSignInManager>()
            .AddPasswordValidator<StrongPasswordValidator>()
            .AddDefaultTokenProviders()
            // In place of Identity's authenticator provider: ±1 step, each step once (ASVS 6.5.1, 6.5.5).
            .AddTokenProvider<StepTotpProvider>(TokenOptions.DefaultAuthenticatorProvider);
        builder.Services.AddScoped(sp => (AppSignInManager)sp.GetRequiredService<SignInManager<AppUser>>());
        builder.Services.AddScoped<UnknownUserCheck>();
        builder.Services.AddSingleton<DummyPasswordHash>();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddScoped<IUserConfirmation<AppUser>, ActiveUserConfirmation>();
        builder.Services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            o.OnRefreshingPrincipal = UserSessions.KeepSessionId;
        });
        builder.Services.AddSingleton<Mfa>();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = CookieName(AuthCookieName, secureCookies);
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/";
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/error/403";
            // Idle timeout: the cookie's end moves on with use (renewed past half-way); the absolute end is the session row's.
            o.ExpireTimeSpan = auth.IdleTimeout;
            o.SlidingExpiration = true;
            var securityStamp = o.Events.OnValidatePrincipal;
            o.Events.OnValidatePrincipal = context => UserSessions.ValidateAsync(context, securityStamp);
            o.Events.OnSigningIn = UserSessions.OnSigningInAsync;
            o.Events.OnSigningOut = UserSessions.OnSigningOutAsync;
            o.Events.OnRedirectToAccessDenied = ctx =>
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        builder.Services.AddAuthentication()
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = auth.BearerLifetime;
                // A token is only as good as its user's security stamp now: a password reset, a deactivation or a role change ends it.
                o.Events.OnMessageReceived = BearerStamp.CheckAsync;
            });
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = CookieName(AntiforgeryCookieName, secureCookies);
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/";
        });
        builder.Services.AddAuthorizationBuilder()
            // Deny by default: an endpoint that names no policy (and does not say AllowAnonymous) needs a signed-in user.
            .SetFallbackPolicy(AccessTable.FallbackPolicy)
            .AddPolicy(Policies.SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.SectionHead, p => p.RequireRole(nameof(Role.SectionHead)))
            .AddPolicy(Policies.PrOfficeOrAdmin, p => p.RequireRole(nameof(Role.PrOffice), nameof(Role.Admin)))
            .AddPolicy(Policies.Staff, p => p.RequireRole(nameof(Role.Operator), nameof(Role.SectionHead)))
            .AddPolicy(Policies.PrOffice, p => p.RequireRole(nameof(Role.PrOffice)))
            .AddPolicy(Policies.StaffOrPr, p => p.RequireRole(nameof(Role.Operator), nameof(Role.SectionHead), nameof(Role.PrOffice)))
            .AddPolicy(Policies.Admin, p => p.RequireRole(nameof(Role.Admin)))
            .AddPolicy(Policies.AuditReader, p => p.RequireRole(nameof(Role.Admin), nameof(Role.PrOffice)))
            .AddPolicy(Policies.Bearer, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser());
        builder.Services.AddScoped<CurrentActor>();
        builder.Services.AddScoped<SecurityEvents>();
        builder.Services.AddHttpContextAccessor();
    }

    public const string AuthCookieName = "MuniSocial.Auth";
    public const string AntiforgeryCookieName = "MuniSocial.Antiforgery";

    /// <summary>With secure cookies, <c>__Host-</c>: the browser keeps it only if Secure, Path=/ and no Domain (ASVS 3.3.1).</summary>
    public static string CookieName(string name, bool secure) => secure ? "__Host-" + name : name;
}

internal sealed class ActiveUserConfirmation(Microsoft.Extensions.Options.IOptions<DemoOptions> demo) : IUserConfirmation<AppUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<AppUser> manager, AppUser user) =>
        Task.FromResult(user.IsActive && (!user.IsDemo || demo.Value.Enabled));
}

/// <summary>
/// The signed-in user as a domain <see cref="Actor"/>, read from the database once per request so that a
/// change of section or roles by the admin, or a deactivation, takes effect at once.
/// </summary>
public sealed class CurrentActor(IHttpContextAccessor http, AppDbContext db)
{
    private Actor? _actor;
    private bool _loaded;

    /// <summary>The name of the signed-in user's section (read with the user by <see cref="FindAsync"/>), for the header.</summary>
    public string? SectionName { get; private set; }

    public async Task<Actor?> FindAsync(CancellationToken ct = default)
    {
        if (_loaded)
        {
            return _actor;
        }
        _loaded = true;
        var id = http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null)
        {
            return null;
        }
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id && u.IsActive)
            .Select(u => new
            {
                u.Id,
                u.DisplayName,
                u.UserName,
                u.SectionId,
                SectionName = db.Sections.Where(s => s.Id == u.SectionId).Select(s => s.Name).FirstOrDefault()
            })
            .FirstOrDefaultAsync(ct);
        if (user is null)
        {
            return null;
        }
        var roleNames = await db.UserRoles.Where(ur => ur.UserId == id)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToListAsync(ct);
        var roles = roleNames.Select(n => Enum.TryParse<Role>(n, out var r) ? r : (Role?)null).OfType<Role>().ToHashSet();
        SectionName = user.SectionName;
        _actor = new Actor(user.Id, string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? user.Id : user.DisplayName, roles, user.SectionId);
        return _actor;
    }

    public async Task<Actor> GetAsync(CancellationToken ct = default) =>
        await FindAsync(ct) ?? throw new DomainForbiddenException("利用者が無効化されているか、見つかりません。");
}
