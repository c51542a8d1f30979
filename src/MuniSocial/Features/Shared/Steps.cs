namespace MuniSocial.Features.Shared;

/// <summary>One line of a "check your answers" summary list: what it is, what it will be, and where to change it.</summary>
public sealed record CheckRow(string Label, string Value, string? ChangeUrl = null, string? ChangeWhat = null);

/// <summary>
/// A "check your answers" page before a step that issues a form or cannot be undone (GOV.UK "Check answers"):
/// the key fields as a summary list, what the step issues and to whom, what cannot be undone, and the one button
/// that does it — a POST with the antiforgery token and the version the page showed, so that a change made in
/// between is refused. Shown by <c>_CheckAnswers.cshtml</c>; the page itself changes nothing. Where the step takes what
/// was typed on the page before (a closing request's date and reason), <c>Carried</c> sends it again as hidden fields.
/// </summary>
public sealed record CheckAnswers(
    string Heading,
    IReadOnlyList<CheckRow> Rows,
    string? Issues,
    string Irreversible,
    string PostUrl,
    int Version,
    string Button,
    string CancelUrl,
    IReadOnlyList<string> Warnings,
    bool Danger = false,
    IReadOnlyList<KeyValuePair<string, string>>? Carried = null,
    bool Blocked = false);

/// <summary>A file issued by the step, linked from the confirmation page.</summary>
public sealed record IssuedFile(string Label, string PdfUrl, string DocxUrl);

/// <summary>
/// The confirmation page after a one-way step (GOV.UK "Confirmation pages"): a panel saying what happened, what was
/// issued (links to the PDF and Word files) and what happens next. Shown by <c>_Confirmation.cshtml</c>.
/// </summary>
public sealed record Confirmation(string Title, string? Reference, IReadOnlyList<IssuedFile> Files, IReadOnlyList<string> Next, string BackUrl, string BackText);
