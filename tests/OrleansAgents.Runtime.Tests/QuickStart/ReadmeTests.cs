using Xunit;

namespace OrleansAgents.Runtime.Tests.QuickStart;

/// <summary>Keeps the README's quick start identical to the compiled, tested <c>HelloGrainTests.cs</c>.</summary>
public sealed class ReadmeTests
{
    [Fact]
    public void The_readme_quick_start_is_the_compiled_quick_start()
    {
        var root = FindRepositoryRoot();
        var readme = Normalize(File.ReadAllText(Path.Combine(root, "README.md")));
        var source = Normalize(File.ReadAllText(Path.Combine(root, "tests", "OrleansAgents.Runtime.Tests", "QuickStart", "HelloGrainTests.cs")));
        Assert.True(readme.Contains("```csharp\n" + source + "```", StringComparison.Ordinal), "README.md must contain HelloGrainTests.cs verbatim in a ```csharp block; copy the file into the README.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansAgents.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"OrleansAgents.sln not found above {AppContext.BaseDirectory}.");
    }
}
