package io.asyncbolt.spring.boot.server;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code bolt.server.requests} observation; a bean of this type replaces
 * {@link DefaultBoltServerRequestObservationConvention} (extend it to add keys).
 */
public interface BoltServerRequestObservationConvention extends ObservationConvention<BoltServerRequestContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof BoltServerRequestContext;
    }
}
