using System.Buffers.Binary;
using PdfSharp.Fonts;

namespace MuniSocial.Infrastructure.Documents;

/// <summary>Configuration section "Forms": FontFolder, where the IPAex fonts are when not where Debian puts them.</summary>
public sealed class FormFontOptions
{
    public const string Problem = "Forms:FontFolder must name a folder that holds the IPAex fonts ipaexm.ttf and ipaexg.ttf (or be left unset).";

    public string? FontFolder { get; set; }

    public static bool IsValid(FormFontOptions o) => string.IsNullOrWhiteSpace(o.FontFolder)
        || (File.Exists(Path.Combine(o.FontFolder, "ipaexm.ttf")) && File.Exists(Path.Combine(o.FontFolder, "ipaexg.ttf")));
}

/// <summary>
/// The Japanese TrueType fonts embedded in the PDF forms: IPAex Mincho (body) and IPAex Gothic (titles)
/// from Debian's fonts-ipaexfont (IPA Font License, redistributable). PDFsharp cannot read font
/// collections (.ttc), so Noto CJK will not do. Missing fonts stop the app at start with a message
/// that says what to install.
/// </summary>
public sealed class FormFonts : IFontResolver
{
    public const string Mincho = "IPAexMincho";
    public const string Gothic = "IPAexGothic";

    private static readonly string[] MinchoCandidates =
    [
        "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf",
        "/usr/share/fonts/truetype/ipaexfont-mincho/ipaexm.ttf",
        "/usr/share/fonts/truetype/fonts-japanese-mincho.ttf",
    ];

    private static readonly string[] GothicCandidates =
    [
        "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
        "/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf",
        "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    ];

    private static readonly Lock InstallLock = new();
    private static FormFonts? _installed;

    private readonly Dictionary<string, byte[]> _bytes;
    private readonly Dictionary<string, CoverageMap> _coverage;

    private FormFonts(string minchoPath, string gothicPath)
    {
        MinchoPath = minchoPath;
        GothicPath = gothicPath;
        _bytes = new() { [Mincho] = File.ReadAllBytes(minchoPath), [Gothic] = File.ReadAllBytes(gothicPath) };
        _coverage = _bytes.ToDictionary(kv => kv.Key, kv => CoverageMap.Read(kv.Value));
    }

    public string MinchoPath { get; }
    public string GothicPath { get; }

    /// <summary>
    /// Finds the fonts (in <paramref name="folder"/> when given, else where Debian puts them) and makes them
    /// PDFsharp's font resolver. PDFsharp's resolver is process-wide, so the first instance stays installed.
    /// </summary>
    public static FormFonts Load(string? folder = null)
    {
        lock (InstallLock)
        {
            if (_installed is not null && folder is null)
            {
                return _installed;
            }
            var mincho = Find(folder, "ipaexm.ttf", MinchoCandidates);
            var gothic = Find(folder, "ipaexg.ttf", GothicCandidates);
            if (mincho is null || gothic is null)
            {
                throw new InvalidOperationException(
                    "様式のPDFに使う日本語フォント（IPAex明朝 ipaexm.ttf・IPAexゴシック ipaexg.ttf）が見つかりません。" +
                    "Debian/Ubuntu では `sudo apt-get install fonts-ipaexfont` で入ります（./run は自動で入れます）。" +
                    $"別の場所に置いた場合は設定 Forms:FontFolder にそのフォルダを指定してください。探した場所: {string.Join(", ", (folder is null ? [] : new[] { folder }).Concat(MinchoCandidates).Concat(GothicCandidates))}");
            }
            var fonts = new FormFonts(mincho, gothic);
            if (_installed is null)
            {
                GlobalFontSettings.FontResolver = fonts;
                _installed = fonts;
            }
            return _installed;
        }
    }

    /// <summary>Whether the font has a glyph for the code point (else the renderer substitutes).</summary>
    public bool Has(string family, int codePoint) => _coverage[family].Has(codePoint);

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(familyName.Contains("Gothic", StringComparison.OrdinalIgnoreCase) ? Gothic : Mincho);

    public byte[]? GetFont(string faceName) => _bytes.TryGetValue(faceName, out var bytes) ? bytes : _bytes[Mincho];

    private static string? Find(string? folder, string fileName, string[] candidates)
    {
        if (!string.IsNullOrWhiteSpace(folder))
        {
            var inFolder = Path.Combine(folder, fileName);
            return File.Exists(inFolder) ? inFolder : null;
        }
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>The code points a TrueType font maps to a glyph, read from its cmap table (formats 4 and 12).</summary>
    private sealed class CoverageMap
    {
        private readonly bool[] _bmp = new bool[0x10000];
        private readonly HashSet<int> _supplementary = [];

        public bool Has(int codePoint) => codePoint < 0x10000 ? _bmp[codePoint] : _supplementary.Contains(codePoint);

        public static CoverageMap Read(byte[] font)
        {
            var map = new CoverageMap();
            var span = font.AsSpan();
            int tables = BinaryPrimitives.ReadUInt16BigEndian(span[4..]);
            var cmap = -1;
            for (var i = 0; i < tables; i++)
            {
                var record = span[(12 + (16 * i))..];
                if (record[..4].SequenceEqual("cmap"u8))
                {
                    cmap = (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
                }
            }
            if (cmap < 0)
            {
                return map;
            }
            int subtables = BinaryPrimitives.ReadUInt16BigEndian(span[(cmap + 2)..]);
            int best = -1, bestFormat = 0;
            for (var i = 0; i < subtables; i++)
            {
                var rec = span[(cmap + 4 + (8 * i))..];
                int platform = BinaryPrimitives.ReadUInt16BigEndian(rec), encoding = BinaryPrimitives.ReadUInt16BigEndian(rec[2..]);
                var offset = cmap + (int)BinaryPrimitives.ReadUInt32BigEndian(rec[4..]);
                int format = BinaryPrimitives.ReadUInt16BigEndian(span[offset..]);
                if ((platform == 3 && encoding is 1 or 10) || platform == 0)
                {
                    if (format == 12 || (format == 4 && bestFormat != 12))
                    {
                        best = offset;
                        bestFormat = format;
                    }
                }
            }
            if (bestFormat == 12)
            {
                var groups = (int)BinaryPrimitives.ReadUInt32BigEndian(span[(best + 12)..]);
                for (var g = 0; g < groups; g++)
                {
                    var grp = span[(best + 16 + (12 * g))..];
                    var start = (int)BinaryPrimitives.ReadUInt32BigEndian(grp);
                    var end = (int)BinaryPrimitives.ReadUInt32BigEndian(grp[4..]);
                    for (var c = start; c <= end && c <= 0x10FFFF; c++)
                    {
                        map.Set(c);
                    }
                }
            }
            else if (bestFormat == 4)
            {
                var segCount = BinaryPrimitives.ReadUInt16BigEndian(span[(best + 6)..]) / 2;
                var ends = best + 14;
                var starts = ends + (2 * segCount) + 2;
                var deltas = starts + (2 * segCount);
                var rangeOffsets = deltas + (2 * segCount);
                for (var s = 0; s < segCount; s++)
                {
                    int end = BinaryPrimitives.ReadUInt16BigEndian(span[(ends + (2 * s))..]);
                    int start = BinaryPrimitives.ReadUInt16BigEndian(span[(starts + (2 * s))..]);
                    int delta = BinaryPrimitives.ReadInt16BigEndian(span[(deltas + (2 * s))..]);
                    var rangeAt = rangeOffsets + (2 * s);
                    int rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(span[rangeAt..]);
                    for (var c = start; c <= end && c != 0xFFFF; c++)
                    {
                        int glyph;
                        if (rangeOffset == 0)
                        {
                            glyph = (c + delta) & 0xFFFF;
                        }
                        else
                        {
                            var at = rangeAt + rangeOffset + (2 * (c - start));
                            glyph = at + 1 < span.Length ? BinaryPrimitives.ReadUInt16BigEndian(span[at..]) : 0;
                            glyph = glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
                        }
                        if (glyph != 0)
                        {
                            map.Set(c);
                        }
                    }
                }
            }
            return map;
        }

        private void Set(int codePoint)
        {
            if (codePoint < 0x10000)
            {
                _bmp[codePoint] = true;
            }
            else
            {
                _supplementary.Add(codePoint);
            }
        }
    }
}
