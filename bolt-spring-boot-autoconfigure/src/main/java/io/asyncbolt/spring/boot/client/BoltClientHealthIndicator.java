package io.asyncbolt.spring.boot.client;

import io.asyncbolt.client.BlockingSession;
import io.asyncbolt.client.BoltClient;
import io.asyncbolt.client.Record;
import java.util.List;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** The client's health: a round trip ({@code RETURN 1}, which Neo4j and asyncbolt servers answer) on a pooled connection. */
public class BoltClientHealthIndicator extends AbstractHealthIndicator {

    private final BoltClient client;

    public BoltClientHealthIndicator(BoltClient client) {
        super("Bolt client health check failed");
        this.client = client;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        BlockingSession session = client.session().blocking();
        List<Record> rows = session.run("RETURN 1");
        builder.up().withDetail("ok", rows.size() == 1).withDetail("connectionsInUse", client.connectionsInUse())
                .withDetail("connectionsIdle", client.connectionsIdle());
    }
}
