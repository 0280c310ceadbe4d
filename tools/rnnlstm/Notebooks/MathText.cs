using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace RnnLstm.Cli.Notebooks;

/// <summary>
/// Turns the TeX of notebook markdown (<c>$h_t = \sigma(U x_t + V h_{t-1})$</c>) into plain HTML: italic letters,
/// sub- and superscripts, Greek and operator symbols, fractions as a/b.
/// </summary>
/// <remarks>
/// The report must read offline with nothing fetched, which rules out MathJax or KaTeX from a CDN; the notebooks' maths
/// is short inline formulas and a few aligned equations, for which this approximation reads well. Anything it does not
/// know is shown as its command name rather than dropped.
/// </remarks>
public static partial class MathText
{
    private static readonly Dictionary<string, string> Symbols = new()
    {
        ["alpha"] = "α", ["beta"] = "β", ["gamma"] = "γ", ["delta"] = "δ", ["epsilon"] = "ε", ["eta"] = "η", ["theta"] = "θ",
        ["lambda"] = "λ", ["mu"] = "μ", ["pi"] = "π", ["rho"] = "ρ", ["sigma"] = "σ", ["tau"] = "τ", ["phi"] = "φ", ["omega"] = "ω",
        ["Delta"] = "Δ", ["Sigma"] = "Σ", ["Omega"] = "Ω", ["Phi"] = "Φ",
        ["times"] = "×", ["cdot"] = "·", ["odot"] = "⊙", ["otimes"] = "⊗", ["approx"] = "≈", ["le"] = "≤", ["leq"] = "≤",
        ["ge"] = "≥", ["geq"] = "≥", ["ne"] = "≠", ["neq"] = "≠", ["in"] = "∈", ["partial"] = "∂", ["nabla"] = "∇",
        ["sum"] = "∑", ["prod"] = "∏", ["infty"] = "∞", ["to"] = "→", ["rightarrow"] = "→", ["leftarrow"] = "←",
        ["top"] = "T", ["ldots"] = "…", ["dots"] = "…", ["cdots"] = "⋯", ["pm"] = "±", ["mid"] = "|",
        ["quad"] = "\u2003", ["qquad"] = "\u2003\u2003", [","] = "\u2009", [";"] = "\u2005", [" "] = " ", ["!"] = "",
        ["{"] = "{", ["}"] = "}", ["|"] = "‖", ["\\"] = "<br>", ["%"] = "%", ["_"] = "_",
    };

    /// <summary>Names shown upright as they are (functions and operators).</summary>
    private static readonly HashSet<string> Functions = ["tanh", "sin", "cos", "exp", "log", "ln", "max", "min", "diag", "softmax", "det", "arg"];

    /// <summary>Commands that only style or size their neighbours; dropped.</summary>
    private static readonly HashSet<string> Ignored = ["left", "right", "big", "Big", "displaystyle", "limits"];

    /// <summary>Replaces the math that Markdig marks (<c>\( \)</c> inline, <c>\[ \]</c> display) in rendered HTML.</summary>
    public static string RenderIn(string html) =>
        MarkedMath().Replace(html, m =>
        {
            string tex = WebUtility.HtmlDecode(m.Groups["tex"].Value);
            string tag = m.Groups["tag"].Value;
            return $"<{tag} class=\"math\">{ToHtml(tex)}</{tag}>";
        });

    /// <summary>One formula as HTML.</summary>
    public static string ToHtml(string tex)
    {
        var html = new StringBuilder();
        Render(tex, html);
        return html.ToString();
    }

    [GeneratedRegex(@"<(?<tag>span|div) class=""math"">\s*\\[\(\[](?<tex>.*?)\\[\)\]]\s*</\k<tag>>", RegexOptions.Singleline)]
    private static partial Regex MarkedMath();

    private static void Render(string tex, StringBuilder html)
    {
        for (int i = 0; i < tex.Length;)
        {
            char c = tex[i];
            switch (c)
            {
                case '\\':
                    RenderCommand(tex, ref i, html);
                    break;
                case '^' or '_':
                    i++;
                    string tag = c == '^' ? "sup" : "sub";
                    html.Append('<').Append(tag).Append('>');
                    Render(ReadArgument(tex, ref i), html);
                    html.Append("</").Append(tag).Append('>');
                    break;
                case '{':
                    Render(ReadGroup(tex, ref i), html);
                    break;
                case '&':
                    i++; // alignment point: "&&" before a comment becomes a wide space
                    if (i < tex.Length && tex[i] == '&') { html.Append("\u2003\u2003"); i++; }
                    break;
                case '\'':
                    html.Append('′');
                    i++;
                    break;
                default:
                    html.Append(char.IsAsciiLetter(c) ? $"<i>{c}</i>" : WebUtility.HtmlEncode(c.ToString()));
                    i++;
                    break;
            }
        }
    }

    private static void RenderCommand(string tex, ref int i, StringBuilder html)
    {
        string name = ReadCommandName(tex, ref i);
        if (Symbols.TryGetValue(name, out string? symbol)) html.Append(symbol);
        else if (Functions.Contains(name)) html.Append(name);
        else if (Ignored.Contains(name)) { }
        else if (name is "begin" or "end") ReadArgument(tex, ref i);
        else if (name is "text" or "mathrm" or "operatorname") html.Append(WebUtility.HtmlEncode(ReadArgument(tex, ref i)));
        else if (name is "mathbf" or "boldsymbol") { html.Append("<b>"); Render(ReadArgument(tex, ref i), html); html.Append("</b>"); }
        else if (name is "frac" or "tfrac" or "dfrac")
        {
            string numerator = ReadArgument(tex, ref i), denominator = ReadArgument(tex, ref i);
            RenderOperand(numerator, html);
            html.Append('/');
            RenderOperand(denominator, html);
        }
        else html.Append(WebUtility.HtmlEncode(name));
    }

    /// <summary>A fraction's part, in parentheses unless it is a single symbol.</summary>
    private static void RenderOperand(string tex, StringBuilder html)
    {
        bool simple = tex.Trim().Length <= 1 || Regex.IsMatch(tex.Trim(), @"^\\[a-zA-Z]+$");
        if (!simple) html.Append('(');
        Render(tex, html);
        if (!simple) html.Append(')');
    }

    /// <summary>After a backslash: a run of letters, or one other character.</summary>
    private static string ReadCommandName(string tex, ref int i)
    {
        int start = ++i;
        if (i >= tex.Length) return "";
        if (!char.IsAsciiLetter(tex[i])) return tex[i++].ToString();
        while (i < tex.Length && char.IsAsciiLetter(tex[i])) i++;
        return tex[start..i];
    }

    /// <summary>A command's argument: a braced group, a command, or one character.</summary>
    private static string ReadArgument(string tex, ref int i)
    {
        while (i < tex.Length && tex[i] == ' ') i++;
        if (i >= tex.Length) return "";
        if (tex[i] == '{') return ReadGroup(tex, ref i);
        int start = i;
        if (tex[i] == '\\') ReadCommandName(tex, ref i);
        else i++;
        return tex[start..i];
    }

    /// <summary>The text inside the braces starting at <paramref name="i"/> (nesting respected).</summary>
    private static string ReadGroup(string tex, ref int i)
    {
        int depth = 0, start = i + 1;
        for (; i < tex.Length; i++)
        {
            if (tex[i] == '\\') { i++; continue; }
            if (tex[i] == '{') depth++;
            else if (tex[i] == '}' && --depth == 0) return tex[start..i++];
        }
        return tex[start..];
    }
}
