package io.asyncbolt.protocol.message;

/** A Bolt message: one PackStream structure whose tag is the message signature. */
public sealed interface BoltMessage permits Request, Response {

    /** The signature byte (the structure tag) of this message. */
    byte signature();
}
