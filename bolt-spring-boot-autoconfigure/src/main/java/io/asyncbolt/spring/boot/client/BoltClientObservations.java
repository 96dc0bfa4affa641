package io.asyncbolt.spring.boot.client;

import io.asyncbolt.client.ClientListener;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.TimeUnit;

/**
 * The client's observation {@code bolt.client.requests} (low-cardinality keys {@code outcome},
 * {@code error.classification}) and the timer {@code bolt.client.connections.acquire}.
 */
public class BoltClientObservations implements ClientListener {

    private final ObservationRegistry observations;
    private final Timer acquired;
    private final Timer failedAcquire;

    public BoltClientObservations(MeterRegistry meters, ObservationRegistry observations) {
        this.observations = observations;
        this.acquired = Timer.builder("bolt.client.connections.acquire").tag("outcome", "SUCCESS").register(meters);
        this.failedAcquire = Timer.builder("bolt.client.connections.acquire").tag("outcome", "FAILURE").register(meters);
    }

    @Override
    public void acquired(long nanos, boolean success) {
        (success ? acquired : failedAcquire).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public RequestObservation queryStarted() {
        Observation observation = Observation.start("bolt.client.requests", observations).contextualName("bolt run");
        return new RequestObservation() {
            @Override
            public void succeeded() {
                stop("SUCCESS", "none");
            }

            @Override
            public void failed(String code) {
                stop("FAILURE", io.asyncbolt.spring.boot.Outcomes.classification(code));
            }

            private void stop(String outcome, String classification) {
                observation.lowCardinalityKeyValues(KeyValues.of("outcome", outcome, "error.classification",
                        classification));
                observation.stop();
            }
        };
    }
}
