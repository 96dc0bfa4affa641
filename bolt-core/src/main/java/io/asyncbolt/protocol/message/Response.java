package io.asyncbolt.protocol.message;

/** A message sent by a server to a client. */
public sealed interface Response extends BoltMessage
        permits SuccessMessage, RecordMessage, IgnoredMessage, FailureMessage {
}
