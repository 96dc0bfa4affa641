package io.asyncbolt.protocol.message;

import java.util.Map;

/** LOGON (Bolt 5.1+): authenticates the connection with an auth token ({@code scheme}, ...). */
public record LogonMessage(Map<String, Object> authToken) implements Request {

    public static final byte SIGNATURE = 0x6A;

    public LogonMessage {
        authToken = MessageMaps.immutable(authToken);
    }

    @Override
    public byte signature() {
        return SIGNATURE;
    }

    @Override
    public String toString() {
        return "LOGON " + AuthTokens.redacted(authToken);
    }
}
