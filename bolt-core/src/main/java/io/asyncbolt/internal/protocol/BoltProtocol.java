package io.asyncbolt.internal.protocol;

import io.asyncbolt.internal.packstream.PackStreamException;
import io.asyncbolt.internal.packstream.Packer;
import io.asyncbolt.internal.packstream.PackedValues;
import io.asyncbolt.internal.packstream.Unpacker;
import io.asyncbolt.internal.packstream.ValueFormat;
import io.asyncbolt.protocol.BoltProtocolException;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.protocol.message.AuthTokens;
import io.asyncbolt.protocol.message.BeginMessage;
import io.asyncbolt.protocol.message.BoltMessage;
import io.asyncbolt.protocol.message.OwnedMaps;
import io.asyncbolt.protocol.message.CommitMessage;
import io.asyncbolt.protocol.message.DiscardMessage;
import io.asyncbolt.protocol.message.FailureMessage;
import io.asyncbolt.protocol.message.GoodbyeMessage;
import io.asyncbolt.protocol.message.HelloMessage;
import io.asyncbolt.protocol.message.IgnoredMessage;
import io.asyncbolt.protocol.message.LogoffMessage;
import io.asyncbolt.protocol.message.LogonMessage;
import io.asyncbolt.protocol.message.PullMessage;
import io.asyncbolt.protocol.message.RecordMessage;
import io.asyncbolt.protocol.message.ResetMessage;
import io.asyncbolt.protocol.message.RollbackMessage;
import io.asyncbolt.protocol.message.RouteMessage;
import io.asyncbolt.protocol.message.RunMessage;
import io.asyncbolt.protocol.message.SuccessMessage;
import io.asyncbolt.protocol.message.TelemetryMessage;
import io.asyncbolt.protocol.message.TransactionOptions;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that differs between Bolt versions, in one object per negotiated version: which messages
 * exist, the shape of HELLO, ROUTE, FAILURE and the notification fields, and the PackStream
 * {@link ValueFormat}. Chosen once at handshake time (and once more when Bolt 4.4's {@code utc} patch is
 * acknowledged). Immutable and thread-safe.
 *
 * <p>{@link #encode} writes a message's PackStream bytes (no chunk headers); {@link #decode} reads one
 * whole message and checks that nothing is left over.
 */
public final class BoltProtocol {

    private static final Map<String, Object> EMPTY = Map.of();

    private final BoltVersion version;
    private final ValueFormat format;
    private final Packer packer;
    private final Packer responsePacker;
    private final Unpacker unpacker;
    private final int maxDepth;
    private final boolean authInHello;
    private final boolean logon;
    private final boolean telemetry;
    private final boolean notificationFilters;
    private final boolean classifications;
    private final boolean statuses;
    private final boolean gqlFailures;
    /** Whether RECORD values are decoded as {@link PackedValues}. */
    private final boolean packedRecords;

    private BoltProtocol(BoltVersion version, ValueFormat format, int maxDepth, boolean packedRecords) {
        this.version = version;
        this.packedRecords = packedRecords;
        this.maxDepth = maxDepth;
        this.format = format;
        this.packer = new Packer(format);
        this.responsePacker = new Packer(format, true);
        this.unpacker = new Unpacker(format, maxDepth);
        this.authInHello = !version.isAtLeast(BoltVersion.V5_1);
        this.logon = version.isAtLeast(BoltVersion.V5_1);
        this.telemetry = version.isAtLeast(BoltVersion.V5_4);
        this.notificationFilters = version.isAtLeast(BoltVersion.V5_2);
        this.classifications = version.isAtLeast(BoltVersion.V5_6);
        this.statuses = version.isAtLeast(BoltVersion.V5_6);
        this.gqlFailures = version.isAtLeast(BoltVersion.V5_7);
    }

    /** The protocol for a negotiated version (4.4 starts without the {@code utc} patch). */
    public static BoltProtocol forVersion(BoltVersion version) {
        return forVersion(version, Unpacker.DEFAULT_MAX_DEPTH);
    }

    /** The protocol for a negotiated version, with the maximum nesting depth of decoded values. */
    public static BoltProtocol forVersion(BoltVersion version, int maxDepth) {
        if (!BoltVersion.ALL.contains(version)) {
            throw new IllegalArgumentException("Unsupported Bolt version " + version + "; supported: " + BoltVersion.ALL);
        }
        ValueFormat format;
        if (version.major() >= 6) {
            format = version.minor() >= 1 ? ValueFormat.V6_1 : ValueFormat.V6;
        } else if (version.major() == 5) {
            format = ValueFormat.V5;
        } else {
            format = ValueFormat.V4;
        }
        return new BoltProtocol(version, format, maxDepth, false);
    }

    /**
     * This protocol with Bolt 4.4's {@code utc} patch applied (UTC date-time structs). Other versions are
     * returned unchanged: 5.0+ always uses UTC date-times.
     */
    public BoltProtocol withUtcPatch() {
        if (format.utcDateTime()) {
            return this;
        }
        return new BoltProtocol(version, ValueFormat.V4_UTC, maxDepth, packedRecords);
    }

    /**
     * This protocol, reading RECORD values as {@link PackedValues}: checked as usual but kept in their wire
     * form, decoded when first read, and written on without re-encoding where the value formats agree.
     */
    public BoltProtocol withPackedRecords() {
        return packedRecords ? this : new BoltProtocol(version, format, maxDepth, true);
    }

    public BoltVersion version() {
        return version;
    }

    public ValueFormat valueFormat() {
        return format;
    }

    /** Packs what a client sends: a value this version cannot carry (e.g. a UUID before 6.1) is refused. */
    public Packer packer() {
        return packer;
    }

    /**
     * Packs what a server sends (RECORD, SUCCESS, FAILURE): a value this version cannot carry goes as the
     * placeholder Neo4j sends older clients (see {@link Packer}), so a result never fails for its client's
     * version.
     */
    public Packer responsePacker() {
        return responsePacker;
    }

    public Unpacker unpacker() {
        return unpacker;
    }

    /** True up to 5.0: the auth token travels inside HELLO; from 5.1 in LOGON. */
    public boolean authInHello() {
        return authInHello;
    }

    /** True from 5.4: TELEMETRY exists. */
    public boolean supportsTelemetry() {
        return telemetry;
    }

    /** True from 5.6: summaries carry GQL {@code statuses} instead of {@code notifications}. */
    public boolean usesStatuses() {
        return statuses;
    }

    /** True from 5.7: FAILURE carries the GQL fields and {@code neo4j_code}. */
    public boolean usesGqlFailures() {
        return gqlFailures;
    }

    /** True for 4.4, where HELLO may ask for the {@code utc} patch. */
    public boolean supportsUtcPatch() {
        return version.major() == 4;
    }

    // ------------------------------------------------------------------------------------------ encode

    /** Writes the PackStream structure of {@code message} to {@code out} (no chunk framing). */
    public void encode(BoltMessage message, ByteBuf out) {
        byte sig = message.signature();
        switch (sig) {
            case RecordMessage.SIGNATURE -> {
                List<Object> values = ((RecordMessage) message).values();
                responsePacker.packStructHeader(out, 1, sig);
                if (values instanceof PackedValues packed && packed.carriedBy(format)) {
                    packed.writeTo(out);
                    return;
                }
                int size = values.size();
                responsePacker.packListHeader(out, size);
                for (int i = 0; i < size; i++) {
                    responsePacker.pack(out, values.get(i));
                }
            }
            case SuccessMessage.SIGNATURE -> {
                Map<String, Object> metadata = ((SuccessMessage) message).metadata();
                responsePacker.packStructHeader(out, 1, sig);
                responsePacker.packMap(out, statuses ? SummaryNotifications.toStatuses(metadata)
                        : SummaryNotifications.toNotifications(metadata));
            }
            case FailureMessage.SIGNATURE -> {
                responsePacker.packStructHeader(out, 1, sig);
                responsePacker.packMap(out, failureMetadata((FailureMessage) message, true));
            }
            case RunMessage.SIGNATURE -> {
                RunMessage m = (RunMessage) message;
                Map<String, Object> extra = outgoingExtra("RUN", m.extra());
                packer.packStructHeader(out, 3, sig);
                packer.packString(out, m.query());
                packer.packMap(out, m.parameters());
                packer.packMap(out, extra);
            }
            case PullMessage.SIGNATURE -> {
                PullMessage m = (PullMessage) message;
                encodeStreamRequest(out, sig, m.n(), m.qid());
            }
            case DiscardMessage.SIGNATURE -> {
                DiscardMessage m = (DiscardMessage) message;
                encodeStreamRequest(out, sig, m.n(), m.qid());
            }
            case BeginMessage.SIGNATURE -> {
                Map<String, Object> extra = outgoingExtra("BEGIN", ((BeginMessage) message).extra());
                packer.packStructHeader(out, 1, sig);
                packer.packMap(out, extra);
            }
            case HelloMessage.SIGNATURE -> {
                HelloMessage m = (HelloMessage) message;
                Map<String, Object> extra = outgoingExtra("HELLO", m.extra());
                if (authInHello && m.authToken() != null) {
                    Map<String, Object> merged = new LinkedHashMap<>(extra);
                    merged.putAll(m.authToken());
                    extra = merged;
                }
                packer.packStructHeader(out, 1, sig);
                packer.packMap(out, extra);
            }
            case LogonMessage.SIGNATURE -> {
                requireVersion(logon, "LOGON", BoltVersion.V5_1);
                packer.packStructHeader(out, 1, sig);
                packer.packMap(out, ((LogonMessage) message).authToken());
            }
            case LogoffMessage.SIGNATURE -> {
                requireVersion(logon, "LOGOFF", BoltVersion.V5_1);
                packer.packStructHeader(out, 0, sig);
            }
            case TelemetryMessage.SIGNATURE -> {
                requireVersion(telemetry, "TELEMETRY", BoltVersion.V5_4);
                packer.packStructHeader(out, 1, sig);
                packer.packLong(out, ((TelemetryMessage) message).api());
            }
            case RouteMessage.SIGNATURE -> {
                RouteMessage m = (RouteMessage) message;
                packer.packStructHeader(out, 3, sig);
                packer.packMap(out, m.routing());
                packer.packList(out, m.bookmarks());
                Map<String, Object> extra = new LinkedHashMap<>(2);
                if (m.database() != null) {
                    extra.put(TransactionOptions.DATABASE, m.database());
                }
                if (m.impersonatedUser() != null) {
                    extra.put(TransactionOptions.IMPERSONATED_USER, m.impersonatedUser());
                }
                packer.packMap(out, extra);
            }
            // IGNORED, COMMIT, ROLLBACK, RESET, GOODBYE: no fields
            default -> packer.packStructHeader(out, 0, sig);
        }
    }

    private void encodeStreamRequest(ByteBuf out, byte sig, long n, long qid) {
        packer.packStructHeader(out, 1, sig);
        packer.packMapHeader(out, qid == PullMessage.LAST_QUERY ? 1 : 2);
        packer.packString(out, "n");
        packer.packLong(out, n);
        if (qid != PullMessage.LAST_QUERY) {
            packer.packString(out, "qid");
            packer.packLong(out, qid);
        }
    }

    private static void requireVersion(boolean supported, String message, BoltVersion since) {
        if (!supported) {
            throw new BoltProtocolException(BoltProtocolException.INVALID,
                    message + " needs Bolt " + since + " or later");
        }
    }

    /**
     * Notification filters in this version's shape: before 5.2 they do not exist (a filter with a value
     * is refused, like the official drivers do, rather than silently ignored by the server; keys with
     * no value are dropped); 5.2-5.4 spell the disabled list {@code notifications_disabled_categories},
     * 5.6+ {@code notifications_disabled_classifications}.
     */
    private Map<String, Object> outgoingExtra(String message, Map<String, Object> extra) {
        if (!notificationFilters) {
            return withoutNotificationFilters(message, extra);
        }
        String from = classifications ? TransactionOptions.NOTIFICATIONS_DISABLED_CATEGORIES
                : TransactionOptions.NOTIFICATIONS_DISABLED_CLASSIFICATIONS;
        String to = classifications ? TransactionOptions.NOTIFICATIONS_DISABLED_CLASSIFICATIONS
                : TransactionOptions.NOTIFICATIONS_DISABLED_CATEGORIES;
        return renameKey(extra, from, to);
    }

    private static final List<String> NOTIFICATION_FILTER_KEYS = List.of(
            TransactionOptions.NOTIFICATIONS_MINIMUM_SEVERITY,
            TransactionOptions.NOTIFICATIONS_DISABLED_CLASSIFICATIONS,
            TransactionOptions.NOTIFICATIONS_DISABLED_CATEGORIES);

    private Map<String, Object> withoutNotificationFilters(String message, Map<String, Object> extra) {
        Map<String, Object> copy = null;
        for (String key : NOTIFICATION_FILTER_KEYS) {
            if (!extra.containsKey(key)) {
                continue;
            }
            Object value = extra.get(key);
            if (value != null && !(value instanceof List<?> list && list.isEmpty())) {
                throw new BoltProtocolException(BoltProtocolException.INVALID, message + " " + key
                        + " (notification filters) needs Bolt 5.2 or later; this connection speaks " + version);
            }
            if (copy == null) {
                copy = new LinkedHashMap<>(extra);
            }
            copy.remove(key);
        }
        return copy == null ? extra : copy;
    }

    /** Renames the notification-filter key to the canonical (5.6+) spelling. */
    private Map<String, Object> incomingExtra(Map<String, Object> extra) {
        return renameKey(extra, TransactionOptions.NOTIFICATIONS_DISABLED_CATEGORIES,
                TransactionOptions.NOTIFICATIONS_DISABLED_CLASSIFICATIONS);
    }

    private static Map<String, Object> renameKey(Map<String, Object> map, String from, String to) {
        if (!map.containsKey(from)) {
            return map;
        }
        Map<String, Object> copy = new LinkedHashMap<>(map.size());
        map.forEach((k, v) -> copy.put(k.equals(from) ? to : k, v));
        return copy;
    }

    private Map<String, Object> failureMetadata(FailureMessage failure, boolean top) {
        Map<String, Object> map = new LinkedHashMap<>(8);
        if (gqlFailures) {
            if (top) {
                map.put("neo4j_code", failure.code());
            }
            map.put("message", failure.message());
            map.put("gql_status", failure.gqlStatus());
            map.put("description", failure.description());
            map.put("diagnostic_record", failure.diagnosticRecord());
            if (failure.cause() != null) {
                map.put("cause", failureMetadata(failure.cause(), false));
            }
        } else {
            map.put("code", failure.code());
            map.put("message", failure.message());
        }
        return map;
    }

    // ------------------------------------------------------------------------------------------ decode

    /**
     * Reads one whole message from {@code in}.
     *
     * @throws BoltProtocolException with {@code Neo.ClientError.Request.InvalidFormat} for malformed bytes
     *                               or fields, {@code Neo.ClientError.Request.Invalid} for a signature that
     *                               does not exist in this version
     */
    public BoltMessage decode(ByteBuf in) {
        int start = in.readerIndex();
        BoltMessage message;
        try {
            int fields = unpacker.unpackStructHeader(in);
            byte sig = unpacker.unpackStructTag(in);
            message = decodeBody(in, sig, fields);
        } catch (PackStreamException e) {
            throw new BoltProtocolException(BoltProtocolException.INVALID_FORMAT,
                    "Malformed message: " + e.getMessage(), e);
        }
        String unreadable = unpacker.takeUnreadable();
        if (unreadable != null && message instanceof RecordMessage record) {
            // a record with a value this side cannot represent fails alone, not the connection
            message = new RecordMessage(record.values(), unreadable);
        }
        if (in.isReadable()) {
            throw new BoltProtocolException(BoltProtocolException.INVALID_FORMAT, "Malformed message: "
                    + in.readableBytes() + " unexpected bytes after " + message.getClass().getSimpleName()
                    + " at offset " + (in.readerIndex() - start));
        }
        return message;
    }

    private BoltMessage decodeBody(ByteBuf in, byte sig, int fields) {
        switch (sig) {
            case RecordMessage.SIGNATURE -> {
                expectFields("RECORD", fields, 1);
                return new RecordMessage(packedRecords ? unpacker.unpackPackedRecordValues(in)
                        : unpacker.unpackRecordValues(in));
            }
            case SuccessMessage.SIGNATURE -> {
                expectFields("SUCCESS", fields, 1);
                return new SuccessMessage(unpacker.unpackReadOnlyMap(in));
            }
            case FailureMessage.SIGNATURE -> {
                expectFields("FAILURE", fields, 1);
                return failureFrom(unpacker.unpackMap(in), true);
            }
            case IgnoredMessage.SIGNATURE -> {
                expectFields("IGNORED", fields, 0);
                return IgnoredMessage.INSTANCE;
            }
            case RunMessage.SIGNATURE -> {
                expectFields("RUN", fields, 3);
                Object query = unpacker.unpack(in);
                Object params = unpacker.unpack(in);
                Object extra = unpacker.unpack(in);
                return new RunMessage(field("RUN", "query", query, String.class),
                        OwnedMaps.readOnly(nullableMap("RUN", "parameters", params)),
                        OwnedMaps.readOnly(incomingExtra(nullableMap("RUN", "extra", extra))));
            }
            case PullMessage.SIGNATURE -> {
                expectFields("PULL", fields, 1);
                Map<String, Object> extra = unpacker.unpackMap(in);
                return new PullMessage(streamN("PULL", extra), streamQid("PULL", extra));
            }
            case DiscardMessage.SIGNATURE -> {
                expectFields("DISCARD", fields, 1);
                Map<String, Object> extra = unpacker.unpackMap(in);
                return new DiscardMessage(streamN("DISCARD", extra), streamQid("DISCARD", extra));
            }
            case BeginMessage.SIGNATURE -> {
                expectFields("BEGIN", fields, 1);
                return new BeginMessage(OwnedMaps.readOnly(incomingExtra(unpacker.unpackMap(in))));
            }
            case CommitMessage.SIGNATURE -> {
                expectFields("COMMIT", fields, 0);
                return CommitMessage.INSTANCE;
            }
            case RollbackMessage.SIGNATURE -> {
                expectFields("ROLLBACK", fields, 0);
                return RollbackMessage.INSTANCE;
            }
            case ResetMessage.SIGNATURE -> {
                expectFields("RESET", fields, 0);
                return ResetMessage.INSTANCE;
            }
            case GoodbyeMessage.SIGNATURE -> {
                expectFields("GOODBYE", fields, 0);
                return GoodbyeMessage.INSTANCE;
            }
            case HelloMessage.SIGNATURE -> {
                expectFields("HELLO", fields, 1);
                return helloFrom(incomingExtra(unpacker.unpackMap(in)));
            }
            case LogonMessage.SIGNATURE -> {
                requireVersion(logon, "LOGON", BoltVersion.V5_1);
                expectFields("LOGON", fields, 1);
                return new LogonMessage(unpacker.unpackMap(in));
            }
            case LogoffMessage.SIGNATURE -> {
                requireVersion(logon, "LOGOFF", BoltVersion.V5_1);
                expectFields("LOGOFF", fields, 0);
                return LogoffMessage.INSTANCE;
            }
            case TelemetryMessage.SIGNATURE -> {
                requireVersion(telemetry, "TELEMETRY", BoltVersion.V5_4);
                expectFields("TELEMETRY", fields, 1);
                return new TelemetryMessage(field("TELEMETRY", "api", unpacker.unpack(in), Long.class));
            }
            case RouteMessage.SIGNATURE -> {
                expectFields("ROUTE", fields, 3);
                Map<String, Object> routing = nullableMap("ROUTE", "routing", unpacker.unpack(in));
                List<String> bookmarks = strings("ROUTE", "bookmarks", unpacker.unpack(in));
                Object third = unpacker.unpack(in);
                if (third == null || third instanceof String) {
                    // Bolt 4.3 shape: the database name itself
                    return new RouteMessage(routing, bookmarks, (String) third, null);
                }
                Map<String, Object> extra = nullableMap("ROUTE", "extra", third);
                return new RouteMessage(routing, bookmarks,
                        optionalString("ROUTE", TransactionOptions.DATABASE, extra),
                        optionalString("ROUTE", TransactionOptions.IMPERSONATED_USER, extra));
            }
            default -> throw new BoltProtocolException(BoltProtocolException.INVALID,
                    String.format("Unknown message signature 0x%02X for Bolt %s", sig & 0xFF, version));
        }
    }

    private HelloMessage helloFrom(Map<String, Object> extra) {
        if (!authInHello) {
            return new HelloMessage(extra, null);
        }
        Map<String, Object> hello = new LinkedHashMap<>();
        Map<String, Object> auth = new LinkedHashMap<>();
        extra.forEach((k, v) -> (AuthTokens.isHelloKey(k) ? hello : auth).put(k, v));
        return new HelloMessage(hello, auth);
    }

    private FailureMessage failureFrom(Map<String, Object> map, boolean top) {
        // a missing, non-string or blank code must not make the whole FAILURE undecodable
        String code = map.get("neo4j_code") instanceof String s && !s.isBlank() ? s
                : map.get("code") instanceof String s2 && !s2.isBlank() ? s2
                : top ? "Neo.DatabaseError.General.UnknownError" : "N/A";
        String message = map.get("message") instanceof String s ? s : "";
        String gqlStatus = map.get("gql_status") instanceof String s ? s : null;
        String description = map.get("description") instanceof String s ? s : null;
        // from 5.7 on, what the server sent or nothing (so a reader tells a sent record from a default one)
        @SuppressWarnings("unchecked")
        Map<String, Object> diagnostic = map.get("diagnostic_record") instanceof Map<?, ?> d
                ? (Map<String, Object>) d : gqlFailures ? Map.of() : null;
        @SuppressWarnings("unchecked")
        FailureMessage cause = map.get("cause") instanceof Map<?, ?> c
                ? failureFrom((Map<String, Object>) c, false) : null;
        return new FailureMessage(code, message, gqlStatus, description, diagnostic, cause);
    }

    private static void expectFields(String message, int actual, int expected) {
        if (actual != expected) {
            throw new BoltProtocolException(BoltProtocolException.INVALID_FORMAT,
                    message + " must have " + expected + " field(s), had " + actual);
        }
    }

    private static <T> T field(String message, String name, Object value, Class<T> type) {
        if (!type.isInstance(value)) {
            throw new BoltProtocolException(BoltProtocolException.INVALID_FORMAT, message + " " + name
                    + " must be a " + type.getSimpleName() + ", was " + typeName(value));
        }
        return type.cast(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nullableMap(String message, String name, Object value) {
        if (value == null) {
            return EMPTY;
        }
        return field(message, name, value, Map.class);
    }

    private static String optionalString(String message, String name, Map<String, Object> map) {
        Object value = map.get(name);
        return value == null ? null : field(message, name, value, String.class);
    }

    private static List<String> strings(String message, String name, Object value) {
        if (value == null) {
            return List.of();
        }
        List<?> list = field(message, name, value, List.class);
        List<String> strings = new ArrayList<>(list.size());
        for (Object item : list) {
            strings.add(field(message, name + " item", item, String.class));
        }
        return strings;
    }

    private static long streamN(String message, Map<String, Object> extra) {
        Object n = extra.get("n");
        if (n == null) {
            throw new BoltProtocolException(BoltProtocolException.INVALID_FORMAT, message + " needs n");
        }
        long value = numeric(message, "n", n);
        if (value == 0 || value < -1) {
            throw new BoltProtocolException(BoltProtocolException.INVALID_FORMAT,
                    message + " n must be -1 or positive, was " + value);
        }
        return value;
    }

    private static long streamQid(String message, Map<String, Object> extra) {
        Object qid = extra.get("qid");
        if (qid == null) {
            return PullMessage.LAST_QUERY;
        }
        long value = numeric(message, "qid", qid);
        if (value < -1) {
            throw new BoltProtocolException(BoltProtocolException.INVALID_FORMAT,
                    message + " qid must be -1 or a query id, was " + value);
        }
        return value;
    }

    /** Integers, and floats that hold an integer (the JavaScript driver sends every number as a float). */
    private static long numeric(String message, String name, Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return d.longValue();
        }
        throw new BoltProtocolException(BoltProtocolException.INVALID_FORMAT,
                message + " " + name + " must be an integer, was " + typeName(value));
    }

    private static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "Bolt " + version + (supportsUtcPatch() && format.utcDateTime() ? " (utc)" : "");
    }
}
