using System.Net;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Publishing;
using MuniSocial.Features.Publishing;
using MuniSocial.Infrastructure.Connectors;
using MuniSocial.Infrastructure.Identity;
using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Infrastructure.Connectors;

/// <summary>
/// ASVS 15.3.2: the app's outbound calls do not follow redirects. A platform that answers 3xx pointing elsewhere gets
/// nothing more — the address it points to never receives the request (nor its token) — and the send is recorded as
/// failed with a Japanese message naming the platform and the status. Every client's primary handler is
/// <c>OutboundHttp.NewHandler</c> (AllowAutoRedirect off), the OpenID Connect backchannel's too.
/// </summary>
public sealed class RedirectsNotFollowedTests(XfbAppFactory app) : IClassFixture<XfbAppFactory>
{
    private static readonly Dictionary<string, string?> XFields = new() { ["userId"] = "2244994945" };

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task A_send_answered_with_a_redirect_is_not_followed_and_is_recorded_as_failed_naming_the_platform_and_the_status(int status)
    {
        await using var elsewhere = await FakePlatform.StartAsync(a =>
            a.MapPost("/2/tweets", () => Results.Json(new { data = new { id = "1", text = "転送先" } }, statusCode: 201)));
        var token = "xat-" + Guid.NewGuid().ToString("N");
        app.X.On(token, "POST", "/2/tweets", context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = elsewhere.BaseUrl + "/2/tweets";
            return Task.CompletedTask;
        });
        var account = await app.ConnectedAccountAsync(Platform.X, new Dictionary<string, string?>(XFields) { ["accessToken"] = token });
        var post = await app.ApprovedPostAsync(account, $"名寄のひまわりが見ごろです。{Guid.NewGuid():N}");
        var api = await app.ApiAsync("demo-operator");
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/v1/posts/{post}/publish", null)).StatusCode);

        await app.Services.GetRequiredService<PublicationSender>().RunOnceAsync(CancellationToken.None);

        Assert.Single(app.X.Of(token)); // asked once, not resent
        Assert.Empty(elsewhere.Requests);
        var publication = await app.DbAsync(db => db.Publications.AsNoTracking().SingleAsync(p => p.PostId == post));
        Assert.Equal(PublicationState.Failed, publication.State);
        Assert.Contains($"XのAPIが別のアドレスへの転送（HTTP {status}、転送先: {elsewhere.BaseUrl}/2/tweets）を返したため、通信を中止しました。", publication.LastError, StringComparison.Ordinal);
        Assert.Contains("転送先へは何も送っていません", publication.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_answered_with_a_redirect_is_refused_without_calling_the_target()
    {
        await using var elsewhere = await FakePlatform.StartAsync(a => a.MapGet("/2/users/2244994945/tweets", () => Results.Json(new { data = Array.Empty<object>() })));
        var token = "xat-" + Guid.NewGuid().ToString("N");
        app.X.On(token, "GET", "/2/users/2244994945/tweets", context =>
        {
            context.Response.StatusCode = 301;
            context.Response.Headers.Location = elsewhere.BaseUrl + "/2/users/2244994945/tweets";
            return Task.CompletedTask;
        });
        var credentials = new ConnectorCredentials(Guid.NewGuid(), Platform.X, new Dictionary<string, string> { ["userId"] = "2244994945" },
            new Dictionary<string, string> { ["accessToken"] = token });

        var refused = await Assert.ThrowsAsync<ConnectorException>(() => app.Connector(Platform.X).ReadRecentPostsAsync(credentials, default));

        Assert.Equal(ConnectorFailure.Refused, refused.Failure);
        Assert.Equal(301, refused.StatusCode);
        Assert.StartsWith("XのAPIが別のアドレスへの転送（HTTP 301", refused.Message, StringComparison.Ordinal);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task A_mastodon_server_that_redirects_gets_no_second_request_and_the_send_is_refused()
    {
        await using var elsewhere = await FakePlatform.StartAsync(a => a.MapPost("/api/v1/statuses", () => Results.Json(new { id = "1", url = "https://elsewhere.example/1" })));
        await using var server = await FakePlatform.StartAsync(a => a.MapPost("/api/v1/statuses", () => Results.Redirect(elsewhere.BaseUrl + "/api/v1/statuses", permanent: true, preserveMethod: true)));
        await using var services = ConnectorServices.Build();

        var refused = await Assert.ThrowsAsync<ConnectorException>(() =>
            services.GetRequiredService<MastodonConnector>().PublishAsync(ConnectorServices.Mastodon(server.BaseUrl), ConnectorServices.Post("名寄市からのお知らせです。"), default));

        Assert.Equal(ConnectorFailure.Refused, refused.Failure);
        Assert.Contains("MastodonのAPIが別のアドレスへの転送（HTTP 308", refused.Message, StringComparison.Ordinal);
        Assert.Single(server.To("/api/v1/statuses", "POST"));
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public void Every_connector_client_is_built_on_a_handler_that_does_not_follow_redirects()
    {
        var factory = app.Services.GetRequiredService<IHttpMessageHandlerFactory>();
        string[] clients = [LineConnector.HttpClientName, nameof(XConnector), nameof(FacebookConnector), MastodonConnector.ClientName, BlueskyConnector.ClientName];
        foreach (var name in clients)
        {
            HttpMessageHandler handler = factory.CreateHandler(name);
            while (handler is DelegatingHandler delegating)
            {
                handler = delegating.InnerHandler!;
            }
            var primary = Assert.IsType<SocketsHttpHandler>(handler);
            Assert.False(primary.AllowAutoRedirect, $"the client {name} follows redirects");
        }
    }
}

/// <summary>The OpenID Connect backchannel (discovery, keys, the code's redemption) does not follow redirects either.</summary>
public sealed class OidcBackchannelRedirectTests(OidcAppFactory app) : IClassFixture<OidcAppFactory>
{
    [Fact]
    public void The_backchannel_handler_does_not_follow_redirects()
    {
        var options = app.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OidcSetup.Scheme);
        var handler = Assert.IsType<SocketsHttpHandler>(options.BackchannelHttpHandler);
        Assert.False(handler.AllowAutoRedirect);
    }
}
