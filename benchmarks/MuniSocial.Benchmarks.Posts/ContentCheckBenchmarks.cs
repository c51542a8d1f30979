using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using MuniSocial.Domain.Accounts;
using MuniSocial.Domain.Posts;

namespace MuniSocial.Benchmarks.Posts;

/// <summary>
/// The content check of issue 4: a 1,000-character post must take under 1 ms (median) and the time must grow
/// linearly up to 100,000 characters. The text mixes everything the scanners look at.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ContentCheckBenchmarks
{
    private const string Sample =
        "名寄市のひまわりまつりは7月下旬から開催します。お問い合わせは営業戦略室（01654-3-2111）まで。" +
        "詳しくは https://www.city.nayoro.lg.jp/kanko/ をご覧ください。会場は名寄市智恵文十一線北一丁目一番地です。" +
        "田中さん（45）が案内します。メール kanko@example.jp でも受け付けます。雪ばかりの冬ですが、ｶﾞｲﾄﾞﾌﾞｯｸもあります。" +
        "検討中の計画については後日お知らせします。🌻 ";

    private readonly ContentChecker _checker = ContentChecker.Default;
    private readonly CheckContext _context = new(Platform.Facebook, new DateTimeOffset(2026, 6, 3, 10, 0, 0, TimeSpan.FromHours(9)),
        new OperatingWindow(OperatingDays.Weekdays, new TimeOnly(8, 45), new TimeOnly(17, 30), true, new DateOnly(2026, 4, 1), new DateOnly(2027, 3, 31)));
    private string _text = "";

    [Params(1_000, 10_000, 100_000)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var sb = new StringBuilder(Length + Sample.Length);
        while (sb.Length < Length)
        {
            sb.Append(Sample);
        }
        _text = sb.ToString(0, Length);
    }

    /// <summary>The whole check as the API runs it: text, platform limit and the account's 運用時間・運用期間.</summary>
    [Benchmark]
    public int Check() => _checker.Check(_text, _context).Count;

    /// <summary>The text scanners alone.</summary>
    [Benchmark]
    public int CheckTextOnly() => _checker.Check(_text, new CheckContext(null)).Count;
}

public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
