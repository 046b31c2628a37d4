namespace OrleansAgents.Runtime;

/// <summary>Sends the calls made through grain references; implemented by silos and clients.</summary>
internal interface IGrainCallInvoker
{
    object Invoke(GrainReferenceProxy reference, GrainMethodDescriptor method, object?[] arguments);
}
