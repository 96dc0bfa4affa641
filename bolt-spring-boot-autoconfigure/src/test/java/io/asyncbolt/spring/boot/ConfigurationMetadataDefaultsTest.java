package io.asyncbolt.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.asyncbolt.client.ClientConfig;
import io.asyncbolt.server.ServerConfig;
import io.asyncbolt.spring.boot.client.BoltClientProperties;
import io.asyncbolt.spring.boot.proxy.BoltProxyProperties;
import io.asyncbolt.spring.boot.server.BoltServerProperties;
import io.asyncbolt.spring.boot.server.BoltServerRoutingProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.util.unit.DataSize;

/**
 * The defaults an IDE shows for {@code bolt.server.*}, {@code bolt.client.*} and {@code bolt.proxy.*} (the
 * configuration metadata) are the ones the server, client and gateway really start from: bolt-core's
 * {@link ServerConfig} and {@link ClientConfig#defaults()}.
 */
class ConfigurationMetadataDefaultsTest {

    @Test
    void everyPropertyWithADefaultShowsThatDefaultInTheMetadata() throws IOException {
        Map<String, Object> metadata = metadataDefaults();
        BeanWrapper server = PropertyAccessorFactory.forBeanPropertyAccess(new BoltServerProperties());
        BeanWrapper client = PropertyAccessorFactory.forBeanPropertyAccess(new BoltClientProperties());
        BeanWrapper routing = PropertyAccessorFactory.forBeanPropertyAccess(new BoltServerRoutingProperties());
        BeanWrapper proxy = PropertyAccessorFactory.forBeanPropertyAccess(new BoltProxyProperties());
        for (String name : properties()) {
            boolean isRouting = name.startsWith("bolt.server.routing.");
            BeanWrapper owner = isRouting ? routing : name.startsWith("bolt.server.") ? server
                    : name.startsWith("bolt.proxy.") ? proxy : client;
            String path = camelCase(isRouting ? name.substring("bolt.server.routing.".length())
                    : name.substring(name.indexOf('.', "bolt.".length()) + 1));
            if (!owner.isReadableProperty(path)) {
                continue; // a nested group, not a property
            }
            Object actual = owner.getPropertyValue(path);
            boolean hasDefault = actual != null && !(actual instanceof Collection<?> c && c.isEmpty());
            if (!hasDefault) {
                assertThat(metadata).as(name).doesNotContainKey(name);
                continue;
            }
            assertThat(metadata).as("metadata default of " + name).containsKey(name);
            Object shown = ApplicationConversionService.getSharedInstance()
                    .convert(metadata.get(name), owner.getPropertyType(path));
            assertThat(shown).as("metadata default of " + name).isEqualTo(actual);
        }
    }

    @Test
    void theDefaultsAreBoltCores() {
        BoltServerProperties server = new BoltServerProperties();
        assertThat(server.getAddress()).isEqualTo(ServerConfig.DEFAULT_ADDRESS);
        assertThat(server.getPort()).isEqualTo(ServerConfig.DEFAULT_PORT);
        assertThat(server.getAgent()).isEqualTo(ServerConfig.DEFAULT_AGENT);
        assertThat(server.getMaxMessageSize()).isEqualTo(DataSize.ofBytes(ServerConfig.DEFAULT_MAX_MESSAGE_SIZE));
        assertThat(server.getMaxMessageSizeBeforeAuth())
                .isEqualTo(DataSize.ofBytes(ServerConfig.DEFAULT_MAX_MESSAGE_SIZE_BEFORE_AUTH));
        assertThat(server.getMaxConnections()).isEqualTo(ServerConfig.DEFAULT_MAX_CONNECTIONS);
        assertThat(server.getHandshakeTimeout()).isEqualTo(ServerConfig.DEFAULT_HANDSHAKE_TIMEOUT);
        assertThat(server.getAuthTimeout()).isEqualTo(ServerConfig.DEFAULT_AUTH_TIMEOUT);
        assertThat(server.getIdleTimeout()).isEqualTo(ServerConfig.DEFAULT_IDLE_TIMEOUT);
        assertThat(server.getRecvTimeoutHint()).isEqualTo(ServerConfig.DEFAULT_RECV_TIMEOUT_HINT);
        assertThat(server.isWebSocket()).isEqualTo(ServerConfig.DEFAULT_WEB_SOCKET);
        assertThat(server.getDefaultDatabase()).isEqualTo(ServerConfig.DEFAULT_DATABASE);
        assertThat(server.getRoutingTtl()).isEqualTo(ServerConfig.DEFAULT_ROUTING_TTL);

        BoltClientProperties client = new BoltClientProperties();
        ClientConfig core = ClientConfig.defaults();
        assertThat(client.getMaxRetryTime()).isEqualTo(core.maxRetryTime());
        assertThat(client.getFetchSize()).isEqualTo(core.fetchSize());
        assertThat(client.getConnectTimeout()).isEqualTo(core.connectTimeout());
        assertThat(client.getReadTimeout()).isEqualTo(core.readTimeout());
        assertThat(client.getPool().getMaxConnectionPoolSize()).isEqualTo(core.maxPoolSize());
        assertThat(client.getPool().getConnectionAcquisitionTimeout()).isEqualTo(core.acquisitionTimeout());
        assertThat(client.getPool().getMaxConnectionLifetime()).isEqualTo(core.maxConnectionLifetime());
        assertThat(client.getPool().getIdleTimeBeforeConnectionTest()).isEqualTo(core.livenessCheckAfter());
    }

    private static String metadataJson() throws IOException {
        try (InputStream in = ConfigurationMetadataDefaultsTest.class
                .getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the configuration processor's metadata").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Map<String, Object>> metadataProperties() throws IOException {
        return JsonPath.read(metadataJson(), "$.properties[*]");
    }

    private static List<String> properties() throws IOException {
        return metadataProperties().stream().map(p -> (String) p.get("name"))
                .filter(n -> n.startsWith("bolt.server.") || n.startsWith("bolt.client.") || n.startsWith("bolt.proxy."))
                .toList();
    }

    private static Map<String, Object> metadataDefaults() throws IOException {
        Map<String, Object> defaults = new java.util.HashMap<>();
        for (Map<String, Object> property : metadataProperties()) {
            if (property.containsKey("defaultValue")) {
                defaults.put((String) property.get("name"), property.get("defaultValue"));
            }
        }
        return defaults;
    }

    /** {@code pool.max-connection-pool-size} as the bean path {@code pool.maxConnectionPoolSize}. */
    private static String camelCase(String kebab) {
        StringBuilder path = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                path.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return path.toString();
    }
}
