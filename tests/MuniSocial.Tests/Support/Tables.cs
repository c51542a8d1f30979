namespace MuniSocial.Tests.Support;

/// <summary>The rows of the lifecycle tables: every state × action × role, each one case.</summary>
public static class Tables
{
    public static TheoryData<TState, TAct, TWho> Every<TState, TAct, TWho>()
        where TState : struct, Enum
        where TAct : struct, Enum
        where TWho : struct, Enum
    {
        var data = new TheoryData<TState, TAct, TWho>();
        foreach (var s in Enum.GetValues<TState>())
        {
            foreach (var a in Enum.GetValues<TAct>())
            {
                foreach (var w in Enum.GetValues<TWho>())
                {
                    data.Add(s, a, w);
                }
            }
        }
        return data;
    }
}
