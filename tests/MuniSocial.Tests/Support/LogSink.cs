using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MuniSocial.Tests.Support;

/// <summary>What the app logged, as formatted messages with their category and structured values (an ILoggerProvider in the test host).</summary>
public sealed class LogSink : ILoggerProvider
{
    public sealed record Entry(string Category, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Values);

    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary(p => p.Key, p => p.Value) : [];
            sink._entries.Enqueue(new Entry(category, eventId, formatter(state, exception), values));
        }
    }
}

/// <summary>
/// Lets a test choose the client address a request comes from (header <see cref="Header"/>), as the peer the server sees
/// — before the known-proxy rule, exactly as a real connection would.
/// </summary>
public sealed class PeerFromHeader : IStartupFilter
{
    public const string Header = "X-Test-Peer";

    public static void AddTo(IWebHostBuilder builder) => builder.ConfigureServices(s => s.AddTransient<IStartupFilter, PeerFromHeader>());

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (HttpContext context, RequestDelegate following) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var peer))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
            }
            await following(context);
        });
        next(app);
    };
}
