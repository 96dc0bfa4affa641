package io.asyncbolt.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.protocol.BoltProtocolException;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.protocol.message.BeginMessage;
import io.asyncbolt.protocol.message.BoltMessage;
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
import io.asyncbolt.testing.Hex;
import io.asyncbolt.testing.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(LeakCheck.class)
class BoltProtocolTest {

    private static final BoltProtocol V44 = BoltProtocol.forVersion(BoltVersion.V4_4);
    private static final BoltProtocol V50 = BoltProtocol.forVersion(BoltVersion.V5_0);
    private static final BoltProtocol V54 = BoltProtocol.forVersion(BoltVersion.V5_4);
    private static final BoltProtocol V56 = BoltProtocol.forVersion(BoltVersion.V5_6);
    private static final BoltProtocol V58 = BoltProtocol.forVersion(BoltVersion.V5_8);

    static Stream<Arguments> documentedVectors() {
        return Stream.of(
                Arguments.of(ResetMessage.INSTANCE, "B0 0F"),
                Arguments.of(GoodbyeMessage.INSTANCE, "B0 02"),
                Arguments.of(CommitMessage.INSTANCE, "B0 12"),
                Arguments.of(RollbackMessage.INSTANCE, "B0 13"),
                Arguments.of(SuccessMessage.EMPTY, "B1 70 A0"),
                Arguments.of(IgnoredMessage.INSTANCE, "B0 7E"),
                Arguments.of(PullMessage.all(), "B1 3F A1 81 6E FF"),
                Arguments.of(new PullMessage(1000, -1), "B1 3F A1 81 6E C9 03 E8"),
                Arguments.of(new TelemetryMessage(2), "B1 54 02"),
                Arguments.of(new RecordMessage(List.of(1L)), "B1 71 91 01"));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("documentedVectors")
    void messagesEncodeToTheDocumentedBytesAndBack(BoltMessage message, String hex) {
        assertThat(encode(V58, message)).isEqualTo(hex);
        assertThat(decode(V58, hex)).isEqualTo(message);
    }

    static Stream<Arguments> everyMessageOnEveryVersion() {
        return BoltVersion.ALL.stream().flatMap(version -> {
            BoltProtocol protocol = BoltProtocol.forVersion(version);
            Stream.Builder<BoltMessage> messages = Stream.builder();
            messages.add(new HelloMessage(Map.of("user_agent", "test/1", "routing", Map.of("address", "h:1")),
                    protocol.authInHello() ? Map.of("scheme", "basic", "principal", "u", "credentials", "p") : null));
            if (!protocol.authInHello()) {
                messages.add(new LogonMessage(Map.of("scheme", "none")));
                messages.add(LogoffMessage.INSTANCE);
            }
            if (protocol.supportsTelemetry()) {
                messages.add(new TelemetryMessage(TelemetryMessage.EXECUTE_QUERY));
            }
            messages.add(new RunMessage("RETURN $x", Map.of("x", 1L), Map.of("db", "neo4j", "mode", "r",
                    "bookmarks", List.of("bm1"), "tx_metadata", Map.of("app", "t"))));
            messages.add(new BeginMessage(Map.of("tx_timeout", 1500L, "imp_user", "bob")));
            messages.add(new PullMessage(100, 3));
            messages.add(new DiscardMessage(-1, -1));
            messages.add(new RouteMessage(Map.of("address", "localhost:7687"), List.of("b1", "b2"), "movies", null));
            messages.add(new RouteMessage(Map.of(), List.of(), null, "alice"));
            messages.add(CommitMessage.INSTANCE);
            messages.add(RollbackMessage.INSTANCE);
            messages.add(ResetMessage.INSTANCE);
            messages.add(GoodbyeMessage.INSTANCE);
            messages.add(new SuccessMessage(Map.of("fields", List.of("a", "b"), "t_first", 3L)));
            messages.add(new RecordMessage(List.of("x", 2L, 3.5, List.of(true), Map.of("k", "v"))));
            messages.add(IgnoredMessage.INSTANCE);
            messages.add(protocol.usesGqlFailures()
                    ? new FailureMessage("Neo.ClientError.Statement.SyntaxError", "bad", "42001",
                            "error: syntax error or access rule violation - invalid syntax",
                            Map.of("_classification", "CLIENT_ERROR"), null)
                    : FailureMessage.of("Neo.ClientError.Statement.SyntaxError", "bad"));
            return messages.build().map(m -> Arguments.of(version, m));
        });
    }

    @ParameterizedTest(name = "Bolt {0}: {1}")
    @MethodSource("everyMessageOnEveryVersion")
    void everyMessageRoundTripsOnEveryVersion(BoltVersion version, BoltMessage message) {
        BoltProtocol protocol = BoltProtocol.forVersion(version);
        ByteBuf buf = Unpooled.buffer();
        try {
            protocol.encode(message, buf);
            assertThat(protocol.decode(buf)).isEqualTo(message);
        } finally {
            buf.release();
        }
    }

    @Test
    void helloCarriesTheAuthTokenUpToBolt50AndNotFrom51() {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("scheme", "basic");
        token.put("principal", "neo4j");
        token.put("credentials", "secret");
        HelloMessage hello = new HelloMessage(Map.of("user_agent", "app/1"), token);
        assertThat(encode(V50, hello)).isEqualTo(
                "B1 01 A4 8A 75 73 65 72 5F 61 67 65 6E 74 85 61 70 70 2F 31 86 73 63 68 65 6D 65 85 62 61 73 69 63 "
                        + "89 70 72 69 6E 63 69 70 61 6C 85 6E 65 6F 34 6A 8B 63 72 65 64 65 6E 74 69 61 6C 73 86 73 65 "
                        + "63 72 65 74");
        HelloMessage decoded = (HelloMessage) decode(V50, encode(V50, hello));
        assertThat(decoded.extra()).containsOnlyKeys("user_agent");
        assertThat(decoded.authToken()).containsEntry("principal", "neo4j").containsEntry("credentials", "secret");
        assertThat(decoded.toString()).doesNotContain("secret");

        HelloMessage on51 = (HelloMessage) decode(V58, encode(V58, hello));
        assertThat(on51.authToken()).isNull();
        assertThat(on51.extra()).containsOnlyKeys("user_agent");
    }

    @Test
    void notificationFilterKeyIsSpelledPerVersion() {
        RunMessage run = new RunMessage("RETURN 1", Map.of(),
                Map.of("notifications_disabled_classifications", List.of("HINT")));
        assertThat(encode(V54, run)).contains(Hex.hex(Unpooled.wrappedBuffer(
                "notifications_disabled_categories".getBytes())));
        assertThat(encode(V56, run)).contains(Hex.hex(Unpooled.wrappedBuffer(
                "notifications_disabled_classifications".getBytes())));
        RunMessage decoded = (RunMessage) decode(V54, encode(V54, run));
        assertThat(decoded.extra()).containsEntry("notifications_disabled_classifications", List.of("HINT"));
    }

    @Test
    void transactionOptionsAreReadFromExtra() {
        BeginMessage begin = new BeginMessage(Map.of("bookmarks", List.of("a"), "tx_timeout", 2500L,
                "tx_metadata", Map.of("k", 1L), "mode", "r", "db", "movies", "imp_user", "bob"));
        assertThat(begin.bookmarks()).containsExactly("a");
        assertThat(begin.txTimeout()).hasMillis(2500);
        assertThat(begin.txMetadata()).containsEntry("k", 1L);
        assertThat(begin.readOnly()).isTrue();
        assertThat(begin.database()).isEqualTo("movies");
        assertThat(begin.impersonatedUser()).isEqualTo("bob");
        BeginMessage empty = new BeginMessage(Map.of("db", ""));
        assertThat(empty.database()).isNull();
        assertThat(empty.readOnly()).isFalse();
        assertThat(empty.txTimeout()).isNull();
    }

    @Test
    void failureShapeFollowsTheVersion() {
        FailureMessage failure = FailureMessage.of("Neo.TransientError.General.DatabaseUnavailable", "busy");
        ByteBuf buf = Unpooled.buffer();
        try {
            V56.encode(failure, buf);
            SuccessLike old = SuccessLike.read(V56, buf);
            assertThat(old.map).containsOnlyKeys("code", "message");
            buf.clear();
            V58.encode(failure, buf);
            SuccessLike gql = SuccessLike.read(V58, buf);
            assertThat(gql.map).containsKeys("neo4j_code", "message", "gql_status", "description", "diagnostic_record")
                    .doesNotContainKey("code");
            assertThat(gql.map.get("diagnostic_record")).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("_classification", "TRANSIENT_ERROR");
        } finally {
            buf.release();
        }
        FailureMessage decodedOld = (FailureMessage) decode(V56, encode(V56, failure));
        assertThat(decodedOld.code()).isEqualTo(failure.code());
        assertThat(decodedOld.classification()).isEqualTo("TransientError");
    }

    @Test
    void gqlFailureCauseSurvivesTheRoundTrip() {
        FailureMessage cause = new FailureMessage("N/A", "inner", "22N01", "bad type", Map.of(), null);
        FailureMessage failure = new FailureMessage("Neo.ClientError.Statement.TypeError", "outer", "22G03",
                "invalid value type", Map.of("_classification", "CLIENT_ERROR"), cause);
        FailureMessage decoded = (FailureMessage) decode(V58, encode(V58, failure));
        assertThat(decoded.cause().message()).isEqualTo("inner");
        assertThat(decoded.cause().gqlStatus()).isEqualTo("22N01");
    }

    /** A FAILURE from a server whose code is blank or missing is still a FAILURE, not an undecodable message. */
    @Test
    void failureWithABlankOrMissingCodeStillDecodes() {
        FailureMessage legacy = (FailureMessage) decode(V44, rawFailure(V44, Map.of("code", "", "message", "boom")));
        assertThat(legacy.code()).isEqualTo("Neo.DatabaseError.General.UnknownError");
        assertThat(legacy.message()).isEqualTo("boom");

        Map<String, Object> gql = new LinkedHashMap<>();
        gql.put("neo4j_code", " ");
        gql.put("code", "Neo.ClientError.Statement.SyntaxError");
        gql.put("message", "outer");
        gql.put("gql_status", "42001");
        gql.put("description", "syntax error");
        gql.put("cause", Map.of("neo4j_code", "", "message", "inner", "gql_status", "22N01", "description", "d"));
        FailureMessage decoded = (FailureMessage) decode(V58, rawFailure(V58, gql));
        assertThat(decoded.code()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        assertThat(decoded.cause().code()).isEqualTo("N/A");
        assertThat(decoded.cause().message()).isEqualTo("inner");

        FailureMessage empty = (FailureMessage) decode(V58, rawFailure(V58, Map.of()));
        assertThat(empty.code()).isEqualTo("Neo.DatabaseError.General.UnknownError");
    }

    /** FAILURE with exactly the given metadata, bypassing {@link FailureMessage}'s own checks. */
    private static String rawFailure(BoltProtocol protocol, Map<String, Object> metadata) {
        ByteBuf buf = Unpooled.buffer();
        try {
            protocol.packer().packStructHeader(buf, 1, FailureMessage.SIGNATURE);
            protocol.packer().packMap(buf, metadata);
            return Hex.hex(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void statusesBecomeNotificationsBeforeBolt56AndBack() {
        Map<String, Object> status = Map.of("gql_status", "01N50", "status_description", "warn: label does not exist",
                "neo4j_code", "Neo.ClientNotification.Statement.UnknownLabelWarning", "title", "Unknown label",
                "description", "The label `Foo` does not exist",
                "diagnostic_record", Map.of("_severity", "WARNING", "_classification", "UNRECOGNIZED"));
        SuccessMessage summary = new SuccessMessage(Map.of("type", "r", "statuses", List.of(status)));

        SuccessMessage old = (SuccessMessage) decode(V54, encode(V54, summary));
        assertThat(old.metadata()).doesNotContainKey("statuses");
        @SuppressWarnings("unchecked")
        Map<String, Object> notification = ((List<Map<String, Object>>) old.metadata().get("notifications")).get(0);
        assertThat(notification).containsEntry("code", "Neo.ClientNotification.Statement.UnknownLabelWarning")
                .containsEntry("title", "Unknown label").containsEntry("severity", "WARNING")
                .containsEntry("category", "UNRECOGNIZED");

        SuccessMessage back = (SuccessMessage) decode(V56, encode(V56, old));
        @SuppressWarnings("unchecked")
        Map<String, Object> converted = ((List<Map<String, Object>>) back.metadata().get("statuses")).get(0);
        assertThat(converted).containsEntry("neo4j_code", "Neo.ClientNotification.Statement.UnknownLabelWarning")
                .containsEntry("title", "Unknown label").containsKey("gql_status");
    }

    @Test
    void routeUsesTheExtraMapAndAcceptsTheBolt43Shape() {
        RouteMessage route = new RouteMessage(Map.of("address", "a:1"), List.of(), "db1", "bob");
        assertThat(encode(V44, route)).endsWith(Hex.hex(Hex.buf("A2 82 64 62 83 64 62 31 88 69 6D 70 5F 75 73 65 72 83 62 6F 62")));
        // Bolt 4.3: the third field is the database name itself
        RouteMessage legacy = (RouteMessage) decode(V44, "B3 66 A0 90 83 64 62 31");
        assertThat(legacy.database()).isEqualTo("db1");
    }

    @Test
    void pullAcceptsAFloatNFromTheJavaScriptDriver() {
        // {n: 1000.0} as the JS driver sends plain numbers
        PullMessage pull = (PullMessage) decode(V58, "B1 3F A1 81 6E C1 40 8F 40 00 00 00 00 00");
        assertThat(pull.n()).isEqualTo(1000);
        assertThat(pull.qid()).isEqualTo(PullMessage.LAST_QUERY);
    }

    static Stream<Arguments> badMessages() {
        return Stream.of(
                Arguments.of(V58, "B0 55", BoltProtocolException.INVALID, "Unknown message signature 0x55"),
                Arguments.of(V44, "B1 6A A0", BoltProtocolException.INVALID, "LOGON needs Bolt 5.1"),
                Arguments.of(V50, "B0 6B", BoltProtocolException.INVALID, "LOGOFF needs Bolt 5.1"),
                Arguments.of(BoltProtocol.forVersion(BoltVersion.V5_3), "B1 54 02", BoltProtocolException.INVALID,
                        "TELEMETRY needs Bolt 5.4"),
                Arguments.of(V58, "B1 0F A0", BoltProtocolException.INVALID_FORMAT, "RESET must have 0 field(s), had 1"),
                Arguments.of(V58, "B2 10 81 61 A0", BoltProtocolException.INVALID_FORMAT, "RUN must have 3 field(s)"),
                Arguments.of(V58, "B3 10 01 A0 A0", BoltProtocolException.INVALID_FORMAT, "RUN query must be a String"),
                Arguments.of(V58, "B3 10 80 90 A0", BoltProtocolException.INVALID_FORMAT, "RUN parameters must be a Map"),
                Arguments.of(V58, "B1 3F A0", BoltProtocolException.INVALID_FORMAT, "PULL needs n"),
                Arguments.of(V58, "B1 3F A1 81 6E 00", BoltProtocolException.INVALID_FORMAT, "n must be -1 or positive"),
                Arguments.of(V58, "B1 3F A1 81 6E 81 61", BoltProtocolException.INVALID_FORMAT, "n must be an integer"),
                Arguments.of(V58, "B1 2F A2 81 6E 01 83 71 69 64 F0", BoltProtocolException.INVALID_FORMAT, "qid must be"),
                Arguments.of(V58, "B0 0F 00", BoltProtocolException.INVALID_FORMAT, "1 unexpected bytes after"),
                Arguments.of(V58, "91 01", BoltProtocolException.INVALID_FORMAT, "Malformed message"),
                Arguments.of(V58, "B3 10 D0 05 41", BoltProtocolException.INVALID_FORMAT, "Malformed message"),
                Arguments.of(V58, "B1 66 A0", BoltProtocolException.INVALID_FORMAT, "ROUTE must have 3 field(s)"));
    }

    @ParameterizedTest(name = "{1} -> {3}")
    @MethodSource("badMessages")
    void malformedOrMisplacedMessagesGiveTheDocumentedCode(BoltProtocol protocol, String hex, String code,
            String fragment) {
        ByteBuf buf = Hex.buf(hex);
        try {
            assertThatThrownBy(() -> protocol.decode(buf))
                    .isInstanceOfSatisfying(BoltProtocolException.class, e -> assertThat(e.code()).isEqualTo(code))
                    .hasMessageContaining(fragment);
        } finally {
            buf.release();
        }
    }

    @Test
    void versionOnlyMessagesCannotBeEncodedForOlderVersions() {
        assertThatThrownBy(() -> encode(V44, new LogonMessage(Map.of())))
                .isInstanceOf(BoltProtocolException.class).hasMessageContaining("LOGON needs Bolt 5.1");
        assertThatThrownBy(() -> encode(V50, new TelemetryMessage(0)))
                .isInstanceOf(BoltProtocolException.class).hasMessageContaining("TELEMETRY needs Bolt 5.4");
    }

    /** Notification filters exist from 5.2: asking for one on an older server is an error, not silently lost. */
    @Test
    void notificationFiltersNeedBolt52() {
        BoltProtocol v51 = BoltProtocol.forVersion(BoltVersion.V5_1);
        BoltProtocol v52 = BoltProtocol.forVersion(BoltVersion.V5_2);
        RunMessage run = new RunMessage("RETURN 1", Map.of(), Map.of("notifications_minimum_severity", "OFF"));
        BeginMessage begin = new BeginMessage(Map.of("notifications_disabled_classifications", List.of("HINT")));
        HelloMessage hello = new HelloMessage(Map.of("user_agent", "a/1", "notifications_disabled_categories",
                List.of("HINT")), null);
        for (BoltProtocol old : List.of(V44, V50, v51)) {
            assertThatThrownBy(() -> encode(old, run)).isInstanceOf(BoltProtocolException.class)
                    .hasMessageContaining("RUN notifications_minimum_severity (notification filters) needs Bolt 5.2")
                    .extracting(e -> ((BoltProtocolException) e).code()).isEqualTo(BoltProtocolException.INVALID);
            assertThatThrownBy(() -> encode(old, begin)).isInstanceOf(BoltProtocolException.class)
                    .hasMessageContaining("BEGIN notifications_disabled_classifications");
            assertThatThrownBy(() -> encode(old, hello)).isInstanceOf(BoltProtocolException.class)
                    .hasMessageContaining("HELLO notifications_disabled_categories");
        }
        assertThat(((RunMessage) decode(v52, encode(v52, run))).extra())
                .containsEntry("notifications_minimum_severity", "OFF");

        // keys without a value mean "server default" and are simply left out
        Map<String, Object> unset = new LinkedHashMap<>();
        unset.put("db", "neo4j");
        unset.put("notifications_minimum_severity", null);
        unset.put("notifications_disabled_classifications", List.of());
        assertThat(encode(V44, new BeginMessage(unset))).isEqualTo(encode(V44, new BeginMessage(Map.of("db", "neo4j"))));
    }

    @Test
    void utcPatchSwitchesOnlyBolt44() {
        assertThat(V44.valueFormat().utcDateTime()).isFalse();
        assertThat(V44.withUtcPatch().valueFormat().utcDateTime()).isTrue();
        assertThat(V44.withUtcPatch().version()).isEqualTo(BoltVersion.V4_4);
        assertThat(V58.withUtcPatch()).isSameAs(V58);
        assertThat(BoltProtocol.forVersion(BoltVersion.V6_0).valueFormat().vectors()).isTrue();
        assertThatThrownBy(() -> BoltProtocol.forVersion(new BoltVersion(5, 5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String encode(BoltProtocol protocol, BoltMessage message) {
        ByteBuf buf = Unpooled.buffer();
        try {
            protocol.encode(message, buf);
            return Hex.hex(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void aMalformedRecordWithAnUnknownTimeZoneLeavesNothingBehindForTheNextMessage() {
        BoltProtocol protocol = BoltProtocol.forVersion(BoltVersion.V5_4); // one per connection, as in use
        // RECORD [DateTimeZoneId(1 s, 2 ns, "Mars/Olympus"), then the reserved marker C7]
        String record = "B1 71 92 B3 69 01 02 8C 4D 61 72 73 2F 4F 6C 79 6D 70 75 73 C7";
        assertThatThrownBy(() -> decode(protocol, record)).isInstanceOf(BoltProtocolException.class);
        // ROUTE {} [] {}
        assertThat(decode(protocol, "B3 66 A0 90 A0")).isInstanceOf(RouteMessage.class);
        // and a well-formed record with the unknown zone still fails alone
        BoltMessage alone = decode(protocol, "B1 71 91 B3 69 01 02 8C 4D 61 72 73 2F 4F 6C 79 6D 70 75 73");
        assertThat(((RecordMessage) alone).invalidValue()).contains("Mars/Olympus");
        assertThat(decode(protocol, "B3 66 A0 90 A0")).isInstanceOf(RouteMessage.class);
    }

    @Test
    void packedRecordsReadAsEagerOnesAndGoOnUnchangedWhereTheValueFormatsAgree() {
        RecordMessage eager = new RecordMessage(List.of("name", -129L, 2.5,
                java.time.OffsetDateTime.parse("2024-05-06T07:08:09.123+02:00"),
                List.of(true, Map.of("k", List.of(1L, "v"))), io.asyncbolt.value.Vector.of(new float[] {1.5f, -2f})));
        BoltProtocol v60 = BoltProtocol.forVersion(BoltVersion.V6_0);
        String fromUpstream = encode(v60, eager);

        BoltMessage decoded = decode(v60.withPackedRecords(), fromUpstream);
        List<Object> values = ((RecordMessage) decoded).values();
        assertThat(values).isInstanceOf(io.asyncbolt.internal.packstream.PackedValues.class)
                .isEqualTo(decode(v60, fromUpstream) instanceof RecordMessage r ? r.values() : null);
        // the same format (6.0 to 6.1): the bytes as they came
        assertThat(encode(BoltProtocol.forVersion(BoltVersion.V6_1), decoded)).isEqualTo(fromUpstream);
        // 5.x has no vectors, 4.4 neither UTC date-times nor element ids: re-encoded for them
        assertThat(encode(V58, decode(v60.withPackedRecords(), fromUpstream))).isEqualTo(encode(V58, eager));
        assertThat(encode(V44, decode(v60.withPackedRecords(), fromUpstream))).isEqualTo(encode(V44, eager))
                .isNotEqualTo(encode(V44.withUtcPatch(), eager));
        assertThat(V44.withUtcPatch().withPackedRecords().valueFormat().utcDateTime()).isTrue();
        // not re-encoded: a non-minimal integer (INT_16 for 1) stays as it came
        assertThat(encode(V54, decode(V58.withPackedRecords(), "B1 71 91 C9 00 01"))).isEqualTo("B1 71 91 C9 00 01");
        assertThat(encode(V54, decode(V58, "B1 71 91 C9 00 01"))).isEqualTo("B1 71 91 01");
    }

    @Test
    void packedRecordsRefuseWhatEagerOnesRefuse() {
        BoltProtocol packed = V58.withPackedRecords();
        for (String record : List.of("B1 71 92 01 C7", "B1 71 91 D0 05 41", "B1 71 91 82 C3 28",
                "B1 71 91 A1 01 01", "B1 71 91 B3 58 01 02")) {
            assertThatThrownBy(() -> decode(V58, record)).as(record).isInstanceOf(BoltProtocolException.class);
            assertThatThrownBy(() -> decode(packed, record)).as(record).isInstanceOf(BoltProtocolException.class)
                    .extracting(e -> ((BoltProtocolException) e).code())
                    .isEqualTo(BoltProtocolException.INVALID_FORMAT);
        }
        BoltProtocol shallow = BoltProtocol.forVersion(BoltVersion.V5_8, 3).withPackedRecords();
        assertThat(decode(shallow, "B1 71 91 91 91 01")).isInstanceOf(RecordMessage.class);
        assertThatThrownBy(() -> decode(shallow, "B1 71 91 91 91 91 01")).isInstanceOf(BoltProtocolException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void aPackedRecordWithAnUnknownTimeZoneGoesOnAndFailsOnlyWhenRead() {
        String record = "B1 71 91 B3 69 01 02 8C 4D 61 72 73 2F 4F 6C 79 6D 70 75 73";
        RecordMessage decoded = (RecordMessage) decode(V58.withPackedRecords(), record);
        assertThat(decoded.invalidValue()).isNull();
        assertThat(encode(V54, decoded)).isEqualTo(record);
        assertThatThrownBy(() -> decoded.values().get(0)).hasMessageContaining("Mars/Olympus");
    }

    private static BoltMessage decode(BoltProtocol protocol, String hex) {
        ByteBuf buf = Hex.buf(hex);
        try {
            return protocol.decode(buf);
        } finally {
            buf.release();
        }
    }

    /** Reads a one-map message body (SUCCESS or FAILURE) as a raw map. */
    private record SuccessLike(Map<String, Object> map) {
        static SuccessLike read(BoltProtocol protocol, ByteBuf buf) {
            int start = buf.readerIndex();
            protocol.unpacker().unpackStructHeader(buf);
            protocol.unpacker().unpackStructTag(buf);
            SuccessLike result = new SuccessLike(protocol.unpacker().unpackMap(buf));
            buf.readerIndex(start);
            return result;
        }
    }
}
