package io.asyncbolt.protocol.message;

/**
 * TELEMETRY (5.4+): which driver API the next work comes from. Sent only when the server's HELLO
 * SUCCESS advertised {@code telemetry.enabled: true}.
 */
public record TelemetryMessage(long api) implements Request {

    public static final byte SIGNATURE = 0x54;
    public static final long MANAGED_TRANSACTION = 0;
    public static final long UNMANAGED_TRANSACTION = 1;
    public static final long AUTO_COMMIT = 2;
    public static final long EXECUTE_QUERY = 3;

    @Override
    public byte signature() {
        return SIGNATURE;
    }

    @Override
    public String toString() {
        return "TELEMETRY " + api;
    }
}
