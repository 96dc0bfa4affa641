package io.asyncbolt.protocol.message;

/** A message sent by a client to a server. */
public sealed interface Request extends BoltMessage
        permits HelloMessage, LogonMessage, LogoffMessage, GoodbyeMessage, ResetMessage, RunMessage,
        BeginMessage, CommitMessage, RollbackMessage, DiscardMessage, PullMessage, RouteMessage,
        TelemetryMessage {
}
