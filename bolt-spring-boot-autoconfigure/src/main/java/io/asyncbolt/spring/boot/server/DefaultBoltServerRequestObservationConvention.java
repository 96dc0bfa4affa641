package io.asyncbolt.spring.boot.server;

import io.micrometer.common.KeyValues;

/**
 * {@code bolt.server.requests}, contextual name {@code bolt run}, with the low-cardinality keys
 * {@code handler}, {@code outcome} and {@code error.classification} (Micrometer's meter handler adds
 * {@code error}, the failure's exception class).
 */
public class DefaultBoltServerRequestObservationConvention implements BoltServerRequestObservationConvention {

    @Override
    public String getName() {
        return "bolt.server.requests";
    }

    @Override
    public String getContextualName(BoltServerRequestContext context) {
        return "bolt run";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(BoltServerRequestContext context) {
        return KeyValues.of("handler", context.getHandler(), "outcome", context.getOutcome(),
                "error.classification", context.getErrorClassification());
    }
}
