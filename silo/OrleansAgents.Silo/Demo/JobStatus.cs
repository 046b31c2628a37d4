using System.Text.Json.Serialization;

namespace OrleansAgents.SiloHost.Demo;

/// <summary>Where a demo job is in its life: <c>Pending -&gt; Running -&gt; Succeeded | Failed</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobStatus>))]
public enum JobStatus
{
    /// <summary>No job was submitted under this id.</summary>
    NotSubmitted,

    /// <summary>Accepted and waiting for its first step.</summary>
    Pending,

    /// <summary>Working through its steps.</summary>
    Running,

    /// <summary>Finished every step.</summary>
    Succeeded,

    /// <summary>A step failed; <see cref="DemoJobStatus.Error"/> says why.</summary>
    Failed,
}
