using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MuniSocial.Tests.Support;

/// <summary>
/// A real OpenID Connect provider inside the test process: an OpenIddict 7 server (EF Core stores on an in-memory
/// SQLite database) on a loopback port, with one confidential client that must use PKCE. Its authorize endpoint
/// approves at once as <see cref="User"/> (no login or consent page), so a test drives the whole code flow with
/// HTTP clients. Every authorize request's query is kept in <see cref="AuthorizeRequests"/>.
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    public const string ClientId = "munisocial-test";
    public const string ClientSecret = "test-client-secret-7f3a9c";

    public sealed record Person(string Subject, string UserName, string Email, IReadOnlyList<string> Amr);

    private readonly WebApplication _app;
    private readonly SqliteConnection _connection;

    private TestOidcProvider(WebApplication app, SqliteConnection connection, string authority)
    {
        _app = app;
        _connection = connection;
        Authority = authority;
    }

    /// <summary>The issuer, e.g. <c>http://127.0.0.1:49152/</c>.</summary>
    public string Authority { get; }

    /// <summary>Who the authorize endpoint signs in (set by each test before it starts the flow).</summary>
    public Person User { get; set; } = new("idp-0001", "demo-operator", "demo-operator@city.nayoro.invalid", ["pwd"]);

    public ConcurrentQueue<string> AuthorizeRequests { get; } = new();

    public static async Task<TestOidcProvider> StartAsync(string redirectUri)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<IdpDb>(o =>
        {
            o.UseSqlite(connection);
            o.UseOpenIddict();
        });
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<IdpDb>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.Profile, Scopes.Email);
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.DisableAccessTokenEncryption();
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        var app = builder.Build();
        TestOidcProvider? provider = null;
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (HttpContext context) =>
        {
            var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenID Connect request");
            provider!.AuthorizeRequests.Enqueue(context.Request.QueryString.Value ?? "");
            var person = provider.User;
            var identity = new ClaimsIdentity("test-idp", Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, person.Subject)
                .SetClaim(Claims.PreferredUsername, person.UserName)
                .SetClaim(Claims.Email, person.Email)
                .SetClaim(Claims.Name, person.UserName);
            identity.SetClaims(Claims.AuthenticationMethodReference, [.. person.Amr]);
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(static _ => [Destinations.IdentityToken, Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IdpDb>().Database.EnsureCreatedAsync();
            await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = ClientId,
                ClientSecret = ClientSecret,
                ClientType = ClientTypes.Confidential,
                ConsentType = ConsentTypes.Implicit,
                RedirectUris = { new Uri(redirectUri) },
                Permissions =
                {
                    Permissions.Endpoints.Authorization,
                    Permissions.Endpoints.Token,
                    Permissions.GrantTypes.AuthorizationCode,
                    Permissions.ResponseTypes.Code,
                    Permissions.Scopes.Profile,
                    Permissions.Scopes.Email,
                },
                Requirements = { Requirements.Features.ProofKeyForCodeExchange },
            });
        }
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider = new TestOidcProvider(app, connection, address.TrimEnd('/') + "/");
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private sealed class IdpDb(DbContextOptions<IdpDb> options) : DbContext(options);
}

/// <summary>The app with sign-in through a <see cref="TestOidcProvider"/> (matched by <c>preferred_username</c> to the user name unless a subclass says otherwise).</summary>
public class OidcAppFactory : AppFactory
{
    /// <summary>The app's address as the provider knows it (the test client talks https to the in-memory server).</summary>
    public static readonly Uri AppAddress = new("https://localhost");

    public OidcAppFactory() => Provider = TestOidcProvider.StartAsync(new Uri(AppAddress, "/signin-oidc").ToString()).GetAwaiter().GetResult();

    public TestOidcProvider Provider { get; }

    protected virtual IDictionary<string, string?> OidcSettings => new Dictionary<string, string?>();

    protected override IDictionary<string, string?> ExtraSettings
    {
        get
        {
            var settings = new Dictionary<string, string?>
            {
                ["Auth:Oidc:Authority"] = Provider.Authority,
                ["Auth:Oidc:ClientId"] = TestOidcProvider.ClientId,
                ["Auth:Oidc:ClientSecret"] = TestOidcProvider.ClientSecret,
                ["Auth:Oidc:DisplayName"] = "名寄市 統合認証でログイン",
                ["Auth:Oidc:RequireHttpsMetadata"] = "false",
            };
            foreach (var (key, value) in OidcSettings)
            {
                settings[key] = value;
            }
            return settings;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The provider stamps its tokens with the real time, and the handler's nonce and state carry it too: the
        // handler keeps the real clock while the rest of the app runs on the test's clock.
        builder.ConfigureServices(services => services.Configure<Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions>(
            MuniSocial.Infrastructure.Identity.OidcSetup.Scheme, o => o.TimeProvider = TimeProvider.System));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
