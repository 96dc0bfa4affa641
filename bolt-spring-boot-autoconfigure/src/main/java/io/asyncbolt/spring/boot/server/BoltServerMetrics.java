package io.asyncbolt.spring.boot.server;

import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.server.Query;
import io.asyncbolt.server.ServerListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer meters and observations of the Bolt server: {@code bolt.server.connections.active},
 * {@code bolt.server.connections} (opened), {@code bolt.server.connections.rejected{reason}},
 * {@code bolt.server.bytes.received|sent}, and the observation {@code bolt.server.requests} with the
 * low-cardinality keys {@code handler}, {@code outcome} and {@code error.classification} (a
 * {@link BoltServerRequestObservationConvention} bean changes them). Never tagged with statements, parameters,
 * users or ids.
 */
public class BoltServerMetrics implements ServerListener {

    private final ObservationRegistry observations;
    private final MeterRegistry meters;
    private final AtomicInteger active = new AtomicInteger();
    private final Counter opened;
    private final Counter received;
    private final Counter sent;

    private final BoltServerRequestObservationConvention convention;
    private static final BoltServerRequestObservationConvention DEFAULT_CONVENTION =
            new DefaultBoltServerRequestObservationConvention();

    public BoltServerMetrics(MeterRegistry meters, ObservationRegistry observations) {
        this(meters, observations, null);
    }

    /** With {@code convention} (null for the default) naming and tagging {@code bolt.server.requests}. */
    public BoltServerMetrics(MeterRegistry meters, ObservationRegistry observations,
            BoltServerRequestObservationConvention convention) {
        this.meters = meters;
        this.observations = observations;
        this.convention = convention;
        Gauge.builder("bolt.server.connections.active", active, AtomicInteger::get)
                .description("Open Bolt connections").register(meters);
        this.opened = Counter.builder("bolt.server.connections").description("Bolt connections opened")
                .register(meters);
        this.received = Counter.builder("bolt.server.bytes.received").baseUnit("bytes").register(meters);
        this.sent = Counter.builder("bolt.server.bytes.sent").baseUnit("bytes").register(meters);
    }

    /**
     * Registers the success timer of each handler up front, so dashboards see every handler from startup
     * (tags as the observation's meter handler writes them).
     */
    public void registerHandlers(java.util.Collection<String> handlers) {
        for (String handler : handlers) {
            io.micrometer.core.instrument.Timer.builder("bolt.server.requests").tag("handler", handler)
                    .tag("outcome", "SUCCESS").tag("error.classification", "none").tag("error", "none")
                    .register(meters);
        }
    }

    @Override
    public void connectionOpened(String connectionId, BoltVersion version) {
        active.incrementAndGet();
        opened.increment();
    }

    @Override
    public void connectionClosed(String connectionId) {
        active.decrementAndGet();
    }

    @Override
    public void connectionRejected(String reason) {
        Counter.builder("bolt.server.connections.rejected").tag("reason", reason).register(meters).increment();
    }

    @Override
    public void bytesRead(long bytes) {
        received.increment(bytes);
    }

    @Override
    public void bytesWritten(long bytes) {
        sent.increment(bytes);
    }

    @Override
    public RequestObservation queryStarted(Query query) {
        BoltServerRequestContext context = new BoltServerRequestContext(query);
        Observation observation = Observation.createNotStarted(convention, DEFAULT_CONVENTION, () -> context,
                observations).start();
        class Scoped implements RequestObservation, HandlerScope {
            @Override
            public AutoCloseable open() {
                return observation.openScope();
            }

            @Override
            public void handler(String name) {
                context.setHandler(name);
            }

            @Override
            public void succeeded() {
                stop("SUCCESS", "none");
            }

            @Override
            public void failed(String code) {
                stop("FAILURE", io.asyncbolt.spring.boot.Outcomes.classification(code));
            }

            @Override
            public void failed(String code, Throwable error) {
                // the observation's error: its class names the meters' "error" tag, tracing records it
                observation.error(error);
                failed(code);
            }

            @Override
            public void cancelled() {
                stop("CANCELLED", "none");
            }

            private void stop(String outcome, String classification) {
                context.setOutcome(outcome);
                context.setErrorClassification(classification);
                observation.stop();
            }
        }
        return new Scoped();
    }
}
