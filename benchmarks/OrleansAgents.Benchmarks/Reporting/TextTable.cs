using System.Text;

namespace OrleansAgents.Benchmarks.Reporting;

/// <summary>A Markdown-compatible plain-text table: columns sized to their widest cell, the first left-aligned, the rest right-aligned.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"Expected {headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    public override string ToString()
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        AppendRow(text, headers, widths);
        text.Append('|');
        foreach (var width in widths)
        {
            text.Append(' ').Append('-', width).Append(" |");
        }

        text.AppendLine();
        foreach (var row in _rows)
        {
            AppendRow(text, row, widths);
        }

        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        text.Append('|');
        for (var i = 0; i < cells.Length; i++)
        {
            text.Append(' ').Append(i == 0 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i])).Append(" |");
        }

        text.AppendLine();
    }
}
