namespace WllmSign.AllianceIdP;

internal static class Program
{
    /// <summary>Runs the stand-in alliance site, e.g. <c>--urls http://localhost:5090 --Idp:PortalUrls:0 http://localhost:5080</c>.</summary>
    public static void Main(string[] args) => AllianceIdpApp.Build(args).Run();
}
