using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Agreements;

/// <summary>
/// Debian's poppler-utils (pdfsig, pdftoppm) and libnss3-tools (certutil), installed by scripts/setup.sh, as a reader of
/// the agreement would use them; and a hand-written incremental update, as a forger would append one.
/// </summary>
public static partial class PdfTools
{
    /// <summary>Runs a tool; its standard output and error together, and its exit code.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string tool, params string[] args)
    {
        Assert.True(File.Exists(tool), $"{tool} is missing: run scripts/setup.sh (poppler-utils, libnss3-tools)");
        using var process = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>An NSS database that trusts <paramref name="ca"/> (and nothing else), for <c>pdfsig -nssdir</c>.</summary>
    public static async Task<string> NssDbTrustingAsync(X509Certificate2 ca, string folder)
    {
        Directory.CreateDirectory(folder);
        var caFile = Path.Combine(folder, "ca.crt");
        await File.WriteAllTextAsync(caFile, ca.ExportCertificatePem());
        var (exit, output) = await RunAsync("/usr/bin/certutil", "-N", "-d", "sql:" + folder, "--empty-password");
        Assert.True(exit == 0, output);
        (exit, output) = await RunAsync("/usr/bin/certutil", "-A", "-d", "sql:" + folder, "-n", "wllm-alliance-ca", "-t", "C,C,C", "-a", "-i", caFile);
        Assert.True(exit == 0, output);
        return "sql:" + folder;
    }

    /// <summary><c>pdfsig</c>'s report of <paramref name="pdf"/>, trusting only what <paramref name="nssDir"/> trusts.</summary>
    public static async Task<string> PdfsigAsync(byte[] pdf, string nssDir)
    {
        var file = Path.Combine(Path.GetTempPath(), $"pdfsig-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            return (await RunAsync("/usr/bin/pdfsig", "-nssdir", nssDir, file)).Output;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>pdftoppm → artifacts/screenshots/NAME.png (page 1); the image's path.</summary>
    public static async Task<string> RenderFirstPageAsync(byte[] pdf, string name, int dpi = 100)
    {
        var input = Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(input, pdf);
        var output = Path.Combine(PageExtensions.ScreenshotFolder, name);
        try
        {
            var (exit, text) = await RunAsync("/usr/bin/pdftoppm", "-png", "-r", dpi.ToString(CultureInfo.InvariantCulture), "-f", "1", "-l", "1", "-singlefile", input, output);
            Assert.True(exit == 0, text);
        }
        finally
        {
            File.Delete(input);
        }
        return output + ".png";
    }

    /// <summary>The file with one byte changed, in the middle of the first signed range (page content, not the signature).</summary>
    public static byte[] FlipOneByte(byte[] pdf)
    {
        var copy = (byte[])pdf.Clone();
        var text = Encoding.Latin1.GetString(pdf);
        var stream = text.IndexOf("stream\n", text.Length / 5, StringComparison.Ordinal);
        // Inside a stream's data: skip a stream too short to hold the byte (the seal's empty field appearance, decision 032).
        while (text.IndexOf("endstream", stream + 7, StringComparison.Ordinal) <= stream + 40)
            stream = text.IndexOf("stream\n", text.IndexOf("endstream", stream + 7, StringComparison.Ordinal) + 9, StringComparison.Ordinal);
        copy[stream + 40] ^= 0x01;
        return copy;
    }

    /// <summary>
    /// Appends an incremental update, as a forger would with a PDF editor: page 1 gets a second content stream that covers
    /// part of the page with a white box and writes other text on it (with a standard font added to the page's resources).
    /// The original bytes stay untouched, so the signature over them is still intact.
    /// </summary>
    public static byte[] AppendIncrementalUpdate(byte[] pdf, string newText)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var size = int.Parse(TrailerSize().Matches(text)[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        var root = TrailerRoot().Matches(text)[^1].Groups[1].Value;
        var prev = StartXref().Matches(text)[^1].Groups[1].Value;
        var page = PageObject().Match(text);
        Assert.True(page.Success, "no page object found");
        var pageNumber = page.Groups["n"].Value;
        var pageDict = page.Groups["body"].Value;
        int contentNo = size, fontNo = size + 1, resourcesNo = size + 2;

        // The page's resources with the extra font: inline in the page, or an object of their own.
        var resourcesRef = ResourcesRef().Match(pageDict);
        string newResources;
        if (resourcesRef.Success)
        {
            var resources = ObjectBody(text, resourcesRef.Groups[1].Value);
            newResources = AddFont(resources, fontNo);
            pageDict = pageDict.Replace(resourcesRef.Value, $"/Resources {resourcesNo} 0 R", StringComparison.Ordinal);
        }
        else
        {
            var at = pageDict.IndexOf("/Resources", StringComparison.Ordinal);
            Assert.True(at >= 0, "page without resources");
            var dictStart = pageDict.IndexOf("<<", at, StringComparison.Ordinal);
            var dictEnd = MatchingClose(pageDict, dictStart);
            newResources = AddFont(pageDict[dictStart..dictEnd], fontNo);
            pageDict = pageDict[..at] + $"/Resources {resourcesNo} 0 R" + pageDict[dictEnd..];
        }
        var contents = ContentsEntry().Match(pageDict);
        Assert.True(contents.Success, "page without contents");
        var existing = contents.Groups[1].Value.Trim().TrimStart('[').TrimEnd(']');
        pageDict = pageDict.Replace(contents.Value, $"/Contents [{existing} {contentNo} 0 R]", StringComparison.Ordinal);

        var stream = $"q 1 1 1 rg 300 120 240 60 re f Q BT /FXW 28 Tf 0 0 0 rg 305 140 Td ({newText}) Tj ET";
        var update = new StringBuilder("\n");
        var offsets = new SortedDictionary<int, long>();
        void Add(int number, string body)
        {
            offsets[number] = pdf.Length + Encoding.Latin1.GetByteCount(update.ToString());
            update.Append(CultureInfo.InvariantCulture, $"{number} 0 obj\n{body}\nendobj\n");
        }
        Add(contentNo, $"<< /Length {stream.Length} >>\nstream\n{stream}\nendstream");
        Add(fontNo, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        Add(resourcesNo, newResources);
        Add(int.Parse(pageNumber, CultureInfo.InvariantCulture), pageDict);
        var xref = pdf.Length + Encoding.Latin1.GetByteCount(update.ToString());
        update.Append("xref\n0 1\n0000000000 65535 f \n");
        foreach (var (number, offset) in offsets)
            update.Append(CultureInfo.InvariantCulture, $"{number} 1\n{offset:D10} 00000 n \n");
        update.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {size + 3} /Root {root} /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n");
        return [.. pdf, .. Encoding.Latin1.GetBytes(update.ToString())];
    }

    private static string AddFont(string resources, int fontNo)
    {
        var font = resources.IndexOf("/Font", StringComparison.Ordinal);
        if (font >= 0)
        {
            var open = resources.IndexOf("<<", font, StringComparison.Ordinal);
            return resources[..(open + 2)] + $" /FXW {fontNo} 0 R " + resources[(open + 2)..];
        }
        var first = resources.IndexOf("<<", StringComparison.Ordinal);
        return resources[..(first + 2)] + $" /Font << /FXW {fontNo} 0 R >> " + resources[(first + 2)..];
    }

    private static string ObjectBody(string text, string reference)
    {
        var number = reference.Split(' ')[0];
        var m = Regex.Match(text, $@"(?<![0-9]){number} 0 obj\s*(?<body><<.*?>>)\s*endobj", RegexOptions.Singleline);
        Assert.True(m.Success, $"object {reference} not found");
        return m.Groups["body"].Value;
    }

    private static int MatchingClose(string s, int open)
    {
        var depth = 0;
        for (var i = open; i < s.Length - 1; i++)
        {
            if (s[i] == '<' && s[i + 1] == '<') { depth++; i++; }
            else if (s[i] == '>' && s[i + 1] == '>') { depth--; i++; if (depth == 0) return i + 1; }
        }
        throw new InvalidOperationException("unbalanced dictionary");
    }

    [GeneratedRegex(@"/Size\s+(\d+)")]
    private static partial Regex TrailerSize();

    [GeneratedRegex(@"/Root\s+(\d+\s+\d+\s+R)")]
    private static partial Regex TrailerRoot();

    [GeneratedRegex(@"startxref\s+(\d+)")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"(?<![0-9])(?<n>\d+) 0 obj\s*(?<body><<(?:(?!endobj).)*?/Type\s*/Page(?![s\w])(?:(?!endobj).)*?>>)\s*endobj", RegexOptions.Singleline)]
    private static partial Regex PageObject();

    [GeneratedRegex(@"/Resources\s+(\d+\s+0\s+R)")]
    private static partial Regex ResourcesRef();

    [GeneratedRegex(@"/Contents\s*(\[[^\]]*\]|\d+\s+0\s+R)")]
    private static partial Regex ContentsEntry();
}
