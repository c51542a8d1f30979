using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Publishing;

namespace MuniSocial.Tests.Domain.Publishing;

/// <summary>A stored LINE event: due until processed, a failure waits a growing backoff, its content is dropped only once processed.</summary>
public sealed class InboundEventTests
{
    private static readonly DateTimeOffset At = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static InboundEvent New() => new(Guid.NewGuid(), Platform.Line, "01HX", """{"type":"message","message":{"text":"質問"}}""", At);

    [Fact]
    public void A_new_event_is_due_at_once_and_a_processed_one_never()
    {
        var e = New();
        Assert.True(e.IsDue(At));
        var comment = Guid.NewGuid();
        e.MarkProcessed(comment, At.AddSeconds(1));
        Assert.False(e.IsDue(At.AddDays(1)));
        Assert.Equal(comment, e.CommentId);
        Assert.Equal(1, e.Attempts);
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(8, 3600)]
    [InlineData(30, 3600)]
    public void A_failure_is_tried_again_after_a_backoff_that_grows_to_an_hour(int failures, int seconds)
    {
        var e = New();
        for (var i = 0; i < failures; i++)
        {
            e.MarkFailed("database down", At);
        }
        Assert.Equal(failures, e.Attempts);
        Assert.Equal("database down", e.LastError);
        Assert.False(e.IsDue(At.AddSeconds(seconds - 1)));
        Assert.True(e.IsDue(At.AddSeconds(seconds)));
    }

    [Fact]
    public void Processing_after_a_failure_clears_the_error_and_the_wait()
    {
        var e = New();
        e.MarkFailed(new string('x', 2000), At);
        Assert.Equal(1000, e.LastError!.Length);
        e.MarkProcessed(null, At.AddMinutes(1));
        Assert.Null(e.LastError);
        Assert.Null(e.NextAttemptAt);
        Assert.Equal(2, e.Attempts);
    }

    [Fact]
    public void The_content_is_kept_until_the_event_is_processed()
    {
        var e = New();
        Assert.Throws<InvalidOperationException>(() => e.ForgetContent("{}"));
        Assert.Contains("質問", e.RawJson);
        e.MarkProcessed(Guid.NewGuid(), At);
        e.ForgetContent("""{"type":"message"}""");
        Assert.Equal("""{"type":"message"}""", e.RawJson);
        Assert.Equal("01HX", e.EventId);
    }
}
