package io.asyncbolt.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.protocol.message.HelloMessage;
import io.asyncbolt.protocol.message.LogonMessage;
import io.asyncbolt.testing.LeakCheck;
import io.asyncbolt.value.Node;
import io.asyncbolt.value.Path;
import io.asyncbolt.value.Relationship;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;
import org.neo4j.driver.types.IsoDuration;
import org.neo4j.driver.types.Point;

/**
 * The official Neo4j Java driver against a bare acceptor made of the wire layer only (handshake, chunk
 * codec, message codec): the driver must negotiate, authenticate, and exchange every value type.
 */
@ExtendWith(LeakCheck.class)
class OfficialDriverWireTest {

    static Stream<BoltVersion> everyVersion() {
        return BoltVersion.ALL.stream();
    }

    @ParameterizedTest(name = "Bolt {0}")
    @MethodSource("everyVersion")
    void driverNegotiatesAuthenticatesAndRunsAQueryOnEveryVersion(BoltVersion version) {
        try (WireAcceptor acceptor = new WireAcceptor(List.of(version), Map.of());
                Driver driver = driver(acceptor)) {
            driver.verifyConnectivity();
            try (Session session = driver.session()) {
                Record record = session.run("RETURN $x AS x", Map.of("x", 42)).single();
                assertThat(record.get("x").asLong()).isEqualTo(42);
            }
            assertThat(acceptor.negotiated()).containsOnly(version);
            Map<String, Object> token = acceptor.received().stream()
                    .map(m -> m instanceof LogonMessage logon ? logon.authToken()
                            : m instanceof HelloMessage hello ? hello.authToken() : null)
                    .filter(t -> t != null).findFirst().orElseThrow();
            assertThat(token).containsEntry("scheme", "basic").containsEntry("principal", "neo4j")
                    .containsEntry("credentials", "secret");
            if (version.isAtLeast(BoltVersion.V5_1)) {
                assertThat(acceptor.received()).anyMatch(LogonMessage.class::isInstance);
            }
        }
    }

    @Test
    void driverPicksTheHighestVersionThroughTheManifestAndTheLowestWhenRestricted() {
        try (WireAcceptor acceptor = new WireAcceptor(BoltVersion.ALL, Map.of()); Driver driver = driver(acceptor)) {
            driver.verifyConnectivity();
            assertThat(acceptor.negotiated()).as("driver 6.2.1 speaks 6.1").containsOnly(BoltVersion.V6_1);
        }
        try (WireAcceptor acceptor = new WireAcceptor(List.of(BoltVersion.V4_4, BoltVersion.V5_0), Map.of());
                Driver driver = driver(acceptor)) {
            driver.verifyConnectivity();
            assertThat(acceptor.negotiated()).containsOnly(BoltVersion.V5_0);
        }
    }

    static Stream<BoltVersion> valueVersions() {
        return Stream.of(BoltVersion.V4_4, BoltVersion.V5_0, BoltVersion.V5_8, BoltVersion.V6_0, BoltVersion.V6_1);
    }

    @ParameterizedTest(name = "Bolt {0}")
    @MethodSource("valueVersions")
    void everyValueTypeRoundTripsThroughTheDriver(BoltVersion version) {
        Map<String, Object> params = DriverValues.everyValue(version);
        try (WireAcceptor acceptor = new WireAcceptor(List.of(version), Map.of()); Driver driver = driver(acceptor);
                Session session = driver.session()) {
            Record record = session.run("RETURN everything", params).single();
            assertThat(record.keys()).containsExactlyInAnyOrderElementsOf(params.keySet());
            for (Map.Entry<String, Object> entry : params.entrySet()) {
                Value expected = Values.value(entry.getValue());
                assertThat(record.get(entry.getKey())).as(entry.getKey()).isEqualTo(expected);
            }
            IsoDuration duration = record.get("duration").asIsoDuration();
            assertThat(duration.months()).isEqualTo(14);
            Point point = record.get("point3d").asPoint();
            assertThat(point.z()).isEqualTo(100.0);
            assertThat(record.get("zonedDateTime").asZonedDateTime().getZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        }
    }

    @ParameterizedTest(name = "Bolt {0}")
    @MethodSource("valueVersions")
    void graphValuesReachTheDriverWithTheVersionsShape(BoltVersion version) {
        Node alice = new Node(1, "4:db:1", List.of("Person"), Map.of("name", "Alice"));
        Node bob = new Node(2, "4:db:2", List.of("Person", "Admin"), Map.of("name", "Bob"));
        Relationship knows = new Relationship(10, "5:db:10", 1, "4:db:1", 2, "4:db:2", "KNOWS", Map.of("since", 2020L));
        Path path = new Path(List.of(alice, bob), List.of(knows));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("n", alice);
        row.put("r", knows);
        row.put("p", path);
        try (WireAcceptor acceptor = new WireAcceptor(List.of(version), Map.of("MATCH p", row));
                Driver driver = driver(acceptor); Session session = driver.session()) {
            Record record = session.run("MATCH p").single();
            org.neo4j.driver.types.Node node = record.get("n").asNode();
            assertThat(node.labels()).containsExactly("Person");
            assertThat(node.get("name").asString()).isEqualTo("Alice");
            org.neo4j.driver.types.Relationship rel = record.get("r").asRelationship();
            assertThat(rel.type()).isEqualTo("KNOWS");
            assertThat(rel.get("since").asLong()).isEqualTo(2020);
            org.neo4j.driver.types.Path driverPath = record.get("p").asPath();
            assertThat(driverPath.length()).isEqualTo(1);
            assertThat(driverPath.start().get("name").asString()).isEqualTo("Alice");
            assertThat(driverPath.end().get("name").asString()).isEqualTo("Bob");
            if (version.isAtLeast(BoltVersion.V5_0)) {
                assertThat(node.elementId()).isEqualTo("4:db:1");
                assertThat(rel.elementId()).isEqualTo("5:db:10");
                assertThat(rel.startNodeElementId()).isEqualTo("4:db:1");
                assertThat(driverPath.relationships().iterator().next().endNodeElementId()).isEqualTo("4:db:2");
            } else {
                assertThat(node.elementId()).isEqualTo("1");
            }
        }
    }

    private static Driver driver(WireAcceptor acceptor) {
        return GraphDatabase.driver("bolt://127.0.0.1:" + acceptor.port(), AuthTokens.basic("neo4j", "secret"),
                Config.builder().withoutEncryption().withMaxConnectionPoolSize(2).build());
    }
}
