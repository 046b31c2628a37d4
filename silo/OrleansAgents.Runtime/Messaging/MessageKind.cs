namespace OrleansAgents.Runtime;

internal enum MessageKind : byte
{
    Request = 0,
    OneWay = 1,
    Response = 2,
    Cancel = 3,
}
