namespace OrleansAgents.SiloHost.Demo;

/// <summary>A demo job to run: a name, a number of steps and, for the failing demo, the step that fails.</summary>
/// <param name="Name">A readable name, shown in the output.</param>
/// <param name="Steps">How many steps the job has; at least 1.</param>
/// <param name="StepDelay">How long each step takes; positive.</param>
/// <param name="FailAtStep">The 1-based step that fails, or <c>null</c> for a job that succeeds.</param>
/// <param name="FailureMessage">What the failing step reports.</param>
public sealed record DemoJobRequest(string Name, int Steps, TimeSpan StepDelay, int? FailAtStep = null, string? FailureMessage = null);
