using System.Text;

namespace OrleansAgents.Benchmarks.Reporting;

/// <summary>A plain-text table with a header row, columns sized to their widest cell, numbers right-aligned.</summary>
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
            var cell = cells[i];
            var numeric = cell.Length > 0 && (char.IsDigit(cell[0]) || cell[0] is '-' or '+' or '.');
            text.Append(' ').Append(numeric ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i])).Append(" |");
        }

        text.AppendLine();
    }
}
