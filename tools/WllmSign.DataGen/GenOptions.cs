using System.Globalization;

namespace WllmSign.DataGen;

public sealed record GenOptions(string? SqlitePath, string? Postgres, double Scale, int Seed)
{
    public static GenOptions? Parse(string[] args)
    {
        string? sqlite = null, postgres = null;
        var scale = 1.0;
        var seed = 12026;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--sqlite": sqlite = args[i + 1]; break;
                case "--postgres": postgres = args[i + 1]; break;
                case "--scale": scale = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: return null;
            }
        }
        if ((sqlite is null) == (postgres is null) || scale <= 0 || scale > 1) return null;
        return new GenOptions(sqlite, postgres, scale, seed);
    }
}
