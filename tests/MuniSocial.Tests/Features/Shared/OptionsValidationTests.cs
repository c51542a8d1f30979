using MuniSocial.Tests.Support;

namespace MuniSocial.Tests.Features.Shared;

/// <summary>Every options class is validated at start: a bad setting stops the start with a message that names it.</summary>
public sealed class OptionsValidationTests
{
    /// <summary>The app on a SQLite file of its own (also under ./test's PostgreSQL run, so no database is left behind).</summary>
    private sealed class Configured(string folder, string key, string value) : AppFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Default"] = $"Data Source={Path.Combine(folder, "test.db")};Default Timeout=30",
            ["DataFolder"] = folder,
            [key] = value,
        };
    }

    [Theory]
    [InlineData("Office:CityName", " ")]
    [InlineData("Office:PrHeadTitle", "")]
    [InlineData("Office:DocumentNumberFormat", "名広第号")]
    [InlineData("Forms:FontFolder", "/no/such/font/folder")]
    [InlineData("Demo:Enabled", "sometimes")]
    [InlineData("Jobs:DailyAt", "7 o'clock")]
    public async Task A_bad_setting_stops_the_start_naming_the_setting(string key, string value)
    {
        var folder = Path.Combine(Path.GetTempPath(), "munisocial-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var app = new Configured(folder, key, value);
            var ex = Assert.ThrowsAny<Exception>(() => app.Services);
            var messages = string.Join("\n", Chain(ex).Select(e => e.Message));
            Assert.Contains(key, messages, StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
            }
        }
    }

    private static IEnumerable<Exception> Chain(Exception ex)
    {
        yield return ex;
        var inner = ex is AggregateException aggregate ? aggregate.InnerExceptions : ex.InnerException is { } one ? [one] : [];
        foreach (var e in inner.SelectMany(Chain))
        {
            yield return e;
        }
    }
}
