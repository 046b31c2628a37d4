using System.Collections.Concurrent;
using System.Reflection;

namespace OrleansAgents.Runtime;

/// <summary>Turns exceptions into <see cref="WireError"/>s and back, keeping type and message.</summary>
internal static class ExceptionCodec
{
    private static readonly ConcurrentDictionary<string, ConstructorInfo?> Constructors = new();

    public static WireError Encode(Exception exception)
    {
        var type = exception.GetType();
        var name = exception is GrainInvocationException invocation
            ? invocation.OriginalTypeName
            : $"{type.FullName}, {type.Assembly.GetName().Name}";
        var message = exception is GrainInvocationException original ? original.OriginalMessage : exception.Message;
        return new WireError(name, message, exception.StackTrace);
    }

    public static Exception Decode(WireError error)
    {
        var constructor = Constructors.GetOrAdd(error.Type, static name =>
        {
            var type = Type.GetType(name, throwOnError: false);
            return type is not null && typeof(Exception).IsAssignableFrom(type)
                ? type.GetConstructor([typeof(string)])
                : null;
        });

        if (constructor is not null)
        {
            try
            {
                var exception = (Exception)constructor.Invoke([error.Message]);
                if (error.StackTrace is not null)
                {
                    exception.Data["RemoteStackTrace"] = error.StackTrace;
                }

                return exception;
            }
            catch (TargetInvocationException)
            {
                // Fall through to the generic carrier below.
            }
        }

        var comma = error.Type.IndexOf(',');
        return new GrainInvocationException(comma > 0 ? error.Type[..comma] : error.Type, error.Message);
    }
}
