namespace MuniSocial.Domain.Posts;

/// <summary>
/// The starting dictionaries until the PR office edits them. Kana entries are matched with katakana and
/// hiragana folded, so short kana words need their harmless neighbours in <see cref="Exceptions"/>.
/// </summary>
public static class DefaultDictionaries
{
    /// <summary>§6(1)キ: insults and discrimination. Incitement, canvassing, public order and security are built-in rules (<see cref="ConductRules"/>, <see cref="SecurityScanner"/>).</summary>
    public static IReadOnlyList<string> Expressions { get; } =
    [
        // 侮辱
        "馬鹿", "バカ", "アホ", "阿呆", "間抜け", "マヌケ", "クズ", "死ね", "氏ね", "消えろ", "キモい", "きもい", "ウザい", "うざい",
        "無能", "低能", "デブ", "ブサイク", "役立たず", "税金泥棒", "頭が悪い", "頭がおかしい", "ゴミ人間", "老害",
        // 差別
        "キチガイ", "基地外", "気違い", "池沼", "ガイジ", "土人", "支那人", "シナ人", "チョン", "穢多", "非人", "部落民", "乞食",
        "めくら", "つんぼ", "かたわ", "外人", "ホモ", "オカマ", "女のくせに", "障害者のくせに", "よそ者は出て行け", "国へ帰れ",
    ];

    /// <summary>§6(2)ア: markers of confidential material.</summary>
    public static IReadOnlyList<string> ConfidentialMarkers { get; } =
    [
        "【秘】", "(秘)", "［秘］", "[秘]", "〔秘〕", "<秘>", "「秘」", "㊙", "マル秘", "まる秘", "極秘", "部外秘", "社外秘", "庁外秘", "外部秘",
        "取扱注意", "取り扱い注意", "取扱い注意", "内部資料", "内部限り", "関係者限り", "機密", "秘密文書", "秘密情報", "持出禁止", "複製禁止",
        "公表前", "解禁前", "未公表",
    ];

    /// <summary>§6(2)エ: markers of material still in the decision-making process (意思形成過程).</summary>
    public static IReadOnlyList<string> DecisionMarkers { get; } =
    [
        "未定稿", "検討中", "検討段階", "調整中", "協議中", "素案", "たたき台", "叩き台", "(案)", "【案】", "［案］", "未決定", "決裁前",
        "決定前", "非公表", "ドラフト", "draft", "見込みです（未確定）", "未確定",
    ];

    /// <summary>Harmless words that contain an entry above.</summary>
    public static IReadOnlyList<string> Exceptions { get; } =
    [
        "ばかり", "ばかす", "紙くず", "くずし", "くずれ", "くずもち", "くずきり", "おがくず", "糸くず", "星くず", "野菜くず", "くずかご",
        "きもいり", "あほうどり", "ほもさぴえんす", "のんほも", "めくらない", "殺虫", "殺菌", "殺処分", "殺到", "相殺", "黙殺", "忙殺", "減殺", "殺風景",
    ];

    public static IReadOnlyList<string> ShortenerHosts { get; } =
    [
        "bit.ly", "bitly.com", "t.co", "tinyurl.com", "goo.gl", "ow.ly", "is.gd", "v.gd", "buff.ly", "amzn.to", "amzn.asia", "cutt.ly",
        "rebrand.ly", "t.ly", "shorturl.at", "x.gd", "tiny.cc", "lnkd.in", "rb.gy", "dlvr.it", "ift.tt", "j.mp", "urx.nu", "urx2.nu",
        "onl.sc", "onl.bz", "qr.paps.jp", "s.id", "shorturl.asia",
    ];

    public static IReadOnlyList<string> OwnDomains { get; } = ["city.nayoro.lg.jp"];
}
