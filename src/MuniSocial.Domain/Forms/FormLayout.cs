namespace MuniSocial.Domain.Forms;

/// <summary>
/// A form as a list of blocks, described once and drawn by both the PDF and the Word renderer.
/// Text may contain '\n' for line breaks; everything else (wrapping, pages) is the renderer's job.
/// </summary>
public sealed record FormLayout(FormKind Kind, string Title, IReadOnlyList<FormBlock> Blocks);

public abstract record FormBlock;

/// <summary>"様式１" in the top left corner.</summary>
public sealed record FormNumberBlock(string Text) : FormBlock;

public enum LineAlign
{
    Left,
    Right,
    /// <summary>The sender's block of a letter: left-aligned lines starting right of the middle.</summary>
    Sender,
}

/// <summary>A short line: the date and 文書番号 (right), the addressee (left), the sender (right half).</summary>
public sealed record LineBlock(string Text, LineAlign Align) : FormBlock;

public sealed record TitleBlock(string Text) : FormBlock;

/// <summary>Body text, the first line indented by one character as Japanese letters are.</summary>
public sealed record ParagraphBlock(string Text, bool Indent = true) : FormBlock;

/// <summary>A heading of the standard terms (１ 注意事項 …).</summary>
public sealed record HeadingBlock(string Text) : FormBlock;

public sealed record SpaceBlock(double Lines = 1) : FormBlock;

/// <summary>A ruled two-column table: label | value. MinLines keeps room to write by hand on a blank form.</summary>
public sealed record TableBlock(IReadOnlyList<TableRow> Rows) : FormBlock;

public sealed record TableRow(string Label, string Value, int MinLines = 1);

/// <summary>Numbered items with a hanging indent (⑴ …).</summary>
public sealed record ListBlock(IReadOnlyList<ListItem> Items) : FormBlock;

public sealed record ListItem(string Marker, string Text);
