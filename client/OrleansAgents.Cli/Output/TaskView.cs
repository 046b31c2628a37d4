using System.Globalization;
using OrleansAgents.Agents;
using OrleansAgents.Cli.Backends;
using Spectre.Console;

namespace OrleansAgents.Cli.Output;

/// <summary>How tasks, listings and agents look as text.</summary>
internal static class TaskView
{
    public static void Write(CliOutput output, AgentTaskSnapshot task)
    {
        if (output.Json)
        {
            output.WriteJson(task);
            return;
        }

        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        Row(grid, "Task", task.TaskId);
        Row(grid, "Status", task.Status.ToString());
        Row(grid, "Route", string.Join(" > ", task.Route));
        Row(grid, "User", task.UserId);
        Row(grid, "Attempts", task.Attempts.ToString(CultureInfo.InvariantCulture));
        Row(grid, "Progress", Progress(task.Progress));
        Row(grid, "Created", Time(task.CreatedAt));
        if (task.CompletedAt is { } completed)
        {
            Row(grid, "Completed", Time(completed));
        }

        if (task.Error is { } error)
        {
            Row(grid, "Error", $"{error.Type}: {error.Message}");
        }

        if (task.Status == AgentTaskStatus.Succeeded)
        {
            Row(grid, "Output", task.Output?.GetRawText() ?? "null");
        }

        output.Console.Write(grid);
    }

    public static void WriteList(CliOutput output, IReadOnlyList<AgentTaskSummary> tasks)
    {
        if (output.Json)
        {
            output.WriteJson(tasks);
            return;
        }

        var table = new Table().AddColumn(new TableColumn("Task").NoWrap()).AddColumns("Status", "Route", "Created", "Updated");
        foreach (var task in tasks)
        {
            table.AddRow(Cell(task.TaskId), Cell(task.Status.ToString()), Cell(string.Join(" > ", task.Route)), Cell(Time(task.CreatedAt)), Cell(Time(task.UpdatedAt)));
        }

        output.Console.Write(table);
        output.Console.WriteLine($"{tasks.Count} task(s)");
    }

    public static void WriteAgents(CliOutput output, IReadOnlyList<AgentDescriptor> agents)
    {
        if (output.Json)
        {
            output.WriteJson(agents);
            return;
        }

        var table = new Table().AddColumns("Agent", "Description", "Input schema");
        foreach (var agent in agents.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            table.AddRow(Cell(agent.Name), Cell(agent.Description), Cell(agent.InputSchema.GetRawText()));
        }

        output.Console.Write(table);
    }

    /// <summary>The line that ends a followed task: its status and its output or error.</summary>
    public static void WriteEnd(CliOutput output, TaskUpdate last)
    {
        var detail = last.Status == AgentTaskStatus.Succeeded
            ? $"output {last.Output?.GetRawText() ?? "null"}"
            : last.Error is { } error ? $"{error.Type}: {error.Message}" : string.Empty;
        output.WriteLine($"Task {last.TaskId} {last.Status}{(detail.Length > 0 ? ": " + detail : string.Empty)}");
    }

    /// <summary>One line per update when no live display can be drawn.</summary>
    public static string Line(TaskUpdate update) =>
        string.Create(CultureInfo.InvariantCulture, $"[{update.Sequence}] {update.Status} {update.Progress.Percent:0.#}%{(update.Progress.Message is { } m ? " " + m : string.Empty)}");

    public static string Progress(AgentProgress progress) =>
        string.Create(CultureInfo.InvariantCulture, $"{progress.Percent:0.#}%{(progress.Message is { } m ? " " + m : string.Empty)}");

    private static string Time(DateTimeOffset at) => at.ToString("u", CultureInfo.InvariantCulture);

    private static void Row(Grid grid, string name, string value) => grid.AddRow(new Markup($"[bold]{name}[/]"), new Text(value));

    private static Text Cell(string value) => new(value);
}
