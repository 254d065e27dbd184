using Calico.Routing.Bgp.Wire;

namespace Calico.Routing.Bgp.Session;

/// <summary>The peer ended the session with a NOTIFICATION.</summary>
internal sealed class NotificationReceivedException : Exception
{
    public NotificationReceivedException(NotificationMessage notification)
        : base("peer sent " + notification)
    {
        Notification = notification;
    }

    public NotificationReceivedException()
        : this(new NotificationMessage(BgpError.Cease, 0, []))
    {
    }

    public NotificationReceivedException(string message)
        : base(message)
    {
        Notification = new NotificationMessage(BgpError.Cease, 0, []);
    }

    public NotificationReceivedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Notification = new NotificationMessage(BgpError.Cease, 0, []);
    }

    public NotificationMessage Notification { get; }
}
