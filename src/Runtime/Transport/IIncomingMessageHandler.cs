using OrleansSearch.Runtime.Messaging;

namespace OrleansSearch.Runtime.Transport;

/// <summary>Receives requests, pings and cancels arriving on a connection. Must not block: the read loop waits for it.</summary>
internal interface IIncomingMessageHandler
{
    void OnMessage(Message message, Connection connection);
}
