namespace Calico.Routing.Bgp.Wire;

/// <summary>NOTIFICATION error codes and subcodes (RFC 4271 §4.5, §6; RFC 4486; RFC 5492; RFC 6608; RFC 7313).</summary>
internal static class BgpError
{
    public const byte MessageHeader = 1;
    public const byte OpenMessage = 2;
    public const byte UpdateMessage = 3;
    public const byte HoldTimerExpired = 4;
    public const byte FiniteStateMachine = 5;
    public const byte Cease = 6;
    public const byte RouteRefreshMessage = 7;

    // Message header subcodes.
    public const byte ConnectionNotSynchronized = 1;
    public const byte BadMessageLength = 2;
    public const byte BadMessageType = 3;

    // OPEN subcodes.
    public const byte UnsupportedVersionNumber = 1;
    public const byte BadPeerAs = 2;
    public const byte BadBgpIdentifier = 3;
    public const byte UnsupportedOptionalParameter = 4;
    public const byte UnacceptableHoldTime = 6;
    public const byte UnsupportedCapability = 7;

    // UPDATE subcodes.
    public const byte MalformedAttributeList = 1;
    public const byte UnrecognizedWellKnownAttribute = 2;
    public const byte MissingWellKnownAttribute = 3;
    public const byte AttributeFlagsError = 4;
    public const byte AttributeLengthError = 5;
    public const byte InvalidOriginAttribute = 6;
    public const byte InvalidNextHopAttribute = 8;
    public const byte OptionalAttributeError = 9;
    public const byte InvalidNetworkField = 10;
    public const byte MalformedAsPath = 11;

    // FSM subcodes (RFC 6608).
    public const byte UnexpectedInOpenSent = 1;
    public const byte UnexpectedInOpenConfirm = 2;
    public const byte UnexpectedInEstablished = 3;

    // Cease subcodes (RFC 4486).
    public const byte MaximumPrefixes = 1;
    public const byte AdministrativeShutdown = 2;
    public const byte PeerDeconfigured = 3;
    public const byte AdministrativeReset = 4;
    public const byte ConnectionRejected = 5;
    public const byte OtherConfigurationChange = 6;
    public const byte ConnectionCollisionResolution = 7;

    // ROUTE-REFRESH subcode (RFC 7313).
    public const byte InvalidMessageLength = 1;

    /// <summary>A readable name for logs and peer status ("Hold timer expired").</summary>
    public static string Describe(byte code, byte subcode) => code switch
    {
        MessageHeader => "Message header error" + subcode switch
        {
            ConnectionNotSynchronized => ": connection not synchronized",
            BadMessageLength => ": bad message length",
            BadMessageType => ": bad message type",
            _ => string.Empty,
        },
        OpenMessage => "OPEN message error" + subcode switch
        {
            UnsupportedVersionNumber => ": unsupported version number",
            BadPeerAs => ": bad peer AS",
            BadBgpIdentifier => ": bad BGP identifier",
            UnsupportedOptionalParameter => ": unsupported optional parameter",
            UnacceptableHoldTime => ": unacceptable hold time",
            UnsupportedCapability => ": unsupported capability",
            _ => string.Empty,
        },
        UpdateMessage => "UPDATE message error" + subcode switch
        {
            MalformedAttributeList => ": malformed attribute list",
            UnrecognizedWellKnownAttribute => ": unrecognized well-known attribute",
            MissingWellKnownAttribute => ": missing well-known attribute",
            AttributeFlagsError => ": attribute flags error",
            AttributeLengthError => ": attribute length error",
            InvalidOriginAttribute => ": invalid ORIGIN attribute",
            InvalidNextHopAttribute => ": invalid NEXT_HOP attribute",
            OptionalAttributeError => ": optional attribute error",
            InvalidNetworkField => ": invalid network field",
            MalformedAsPath => ": malformed AS_PATH",
            _ => string.Empty,
        },
        HoldTimerExpired => "Hold timer expired",
        FiniteStateMachine => "Finite state machine error",
        Cease => "Cease" + subcode switch
        {
            MaximumPrefixes => ": maximum number of prefixes reached",
            AdministrativeShutdown => ": administrative shutdown",
            PeerDeconfigured => ": peer de-configured",
            AdministrativeReset => ": administrative reset",
            ConnectionRejected => ": connection rejected",
            OtherConfigurationChange => ": other configuration change",
            ConnectionCollisionResolution => ": connection collision resolution",
            _ => string.Empty,
        },
        RouteRefreshMessage => "ROUTE-REFRESH message error",
        _ => "Error code " + code,
    };
}
