using MuniSocial.Domain.Incidents;

namespace MuniSocial.Features.Incidents;

// The bodies of the incidents API. Property names are the JSON names (camelCase); enums go out as their names, as strings.

/// <summary>An incident in a list.</summary>
public sealed record IncidentSummary(Guid Id, string Kind, string KindLabel, string Status, string Summary, Guid? SectionId, IReadOnlyList<Guid> AccountIds,
    DateTimeOffset OpenedAt, string OpenedBy, DateTimeOffset? ClosedAt, int Version);

public sealed record IncidentAccountView(Guid AccountId, string AccountName, DateTimeOffset LinkedAt);

public sealed record IncidentPostView(Guid PostId, DateTimeOffset LinkedAt);

/// <summary>One timeline entry; <c>playbookItem</c> names the checklist item it did.</summary>
public sealed record IncidentStepView(Guid Id, string Kind, string? PlaybookItem, string Text, string? Reference, DateOnly? OccurredOn, string? Answer,
    string By, DateTimeOffset At);

/// <summary>One item of the kind's playbook, and the step that did it (null while not done).</summary>
public sealed record ChecklistItemView(string Code, string Label, string Clause, bool Required, bool Done, Guid? StepId, string? DoneBy, DateTimeOffset? DoneAt);

/// <summary>An incident with its accounts, posts, checklist and timeline (oldest first); <c>version</c> is also its ETag.</summary>
public sealed record IncidentDetail(Guid Id, string Kind, string KindLabel, string Status, string Summary, Guid? SectionId, string? FakeUrl,
    DateTimeOffset? CompromisedSince, Guid? SourceDailyCheckId, Guid? SourceAccountReviewId, DateTimeOffset OpenedAt, string OpenedBy,
    DateTimeOffset? ClosedAt, string? ClosedBy, string? ClosingNote, int Version,
    IReadOnlyList<IncidentAccountView> Accounts, IReadOnlyList<IncidentPostView> Posts, IReadOnlyList<ChecklistItemView> Checklist,
    IReadOnlyList<IncidentStepView> Timeline);

public static class IncidentViews
{
    public static IncidentSummary Summary(Incident i) =>
        new(i.Id, i.Kind.ToString(), Incident.Label(i.Kind), i.Status.ToString(), i.Summary, i.SectionId, [.. i.AccountIds], i.OpenedAt, i.OpenedByName, i.ClosedAt, i.Version);

    public static IncidentDetail Detail(Incident i, IReadOnlyDictionary<Guid, string> accountNames) =>
        new(i.Id, i.Kind.ToString(), Incident.Label(i.Kind), i.Status.ToString(), i.Summary, i.SectionId, i.FakeUrl, i.CompromisedSince,
            i.SourceDailyCheckId, i.SourceAccountReviewId, i.OpenedAt, i.OpenedByName, i.ClosedAt, i.ClosedByName, i.ClosingNote, i.Version,
            [.. i.Accounts.OrderBy(a => a.LinkedAt).Select(a => new IncidentAccountView(a.AccountId, accountNames.GetValueOrDefault(a.AccountId) ?? "", a.LinkedAt))],
            [.. i.Posts.OrderBy(p => p.LinkedAt).Select(p => new IncidentPostView(p.PostId, p.LinkedAt))],
            [.. i.Checklist().Select(c => new ChecklistItemView(c.Item.Code, c.Item.Label, c.Item.Clause, c.Item.Required, c.DoneBy is not null,
                c.DoneBy?.Id, c.DoneBy?.ByName, c.DoneBy?.At))],
            [.. Timeline(i).Select(s => new IncidentStepView(s.Id, s.Kind.ToString(), s.PlaybookItem, s.Text, s.Reference, s.OccurredOn, s.Answer, s.ByName, s.At))]);

    /// <summary>The timeline oldest first (steps of the same instant in the order they were made: ids are v7).</summary>
    public static IEnumerable<IncidentStep> Timeline(Incident i) => i.Steps.OrderBy(s => s.At).ThenBy(s => s.Id);
}
