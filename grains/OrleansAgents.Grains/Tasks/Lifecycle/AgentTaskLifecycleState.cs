namespace OrleansAgents.Agents.Lifecycle;

/// <summary>What the lifecycle decides from: the task as stored, and the attempts started for its current step.</summary>
/// <param name="Task">The task; <c>null</c> before submit.</param>
/// <param name="StepAttempts">Attempts started for the step at <see cref="AgentTaskSnapshot.StepIndex"/> (the snapshot counts all steps).</param>
internal readonly record struct AgentTaskLifecycleState(AgentTaskSnapshot? Task, int StepAttempts);
