package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.BoltServer;
import org.springframework.context.ApplicationEvent;

/** Published once the auto-configured Bolt server has bound its port (and it is set as {@code local.bolt.server.port}). */
public class BoltServerStartedEvent extends ApplicationEvent {

    private final transient BoltServer server;

    public BoltServerStartedEvent(BoltServer server) {
        super(server);
        this.server = server;
    }

    /** The running server. */
    public BoltServer getServer() {
        return server;
    }

    /** The bound port (the ephemeral one when {@code bolt.server.port} is 0). */
    public int getPort() {
        return server.port();
    }
}
