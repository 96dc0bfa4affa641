package io.asyncbolt.spring.boot.test.stub;

import io.asyncbolt.client.AuthToken;
import io.asyncbolt.spring.boot.client.BoltConnectionDetails;
import io.asyncbolt.test.BoltStub;
import io.asyncbolt.test.Script;
import io.asyncbolt.test.ScriptBuilder;
import java.net.URI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The stub of {@link AutoConfigureBoltStub} and the connection details pointing at it. Runs before Boot's Neo4j
 * auto-configuration and asyncbolt's client auto-configuration, whose property-based details then back off.
 */
@AutoConfiguration(beforeName = {"org.springframework.boot.neo4j.autoconfigure.Neo4jAutoConfiguration",
        "io.asyncbolt.spring.boot.client.BoltClientAutoConfiguration"})
public class BoltStubAutoConfiguration {

    static final String SCRIPT_PROPERTY = "bolt.test.stub.script";
    static final String ROUTING_PROPERTY = "bolt.test.stub.routing";

    @Bean(destroyMethod = "close")
    BoltStubHolder boltStubHolder(Environment environment, ObjectProvider<ScriptBuilder> builders,
            ObjectProvider<Script> scripts) {
        String resource = environment.getProperty(SCRIPT_PROPERTY, "");
        ScriptBuilder builder = builders.getIfUnique();
        ScriptBuilder started;
        if (!resource.isBlank()) {
            started = BoltStub.fromResource(resource);
            if (builder != null) {
                started.steps(builder.build());
            }
        } else {
            started = builder != null ? builder : BoltStub.script();
        }
        scripts.orderedStream().forEach(started::steps);
        Script script = started.build();
        return new BoltStubHolder(started.start(), script);
    }

    /** The stub itself, for the test to inject ({@code @Autowired BoltStub stub}). */
    @Bean
    BoltStub boltStub(BoltStubHolder holder) {
        return holder.stub();
    }

    /** asyncbolt's connection details, when the application uses the asyncbolt client auto-configuration. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.asyncbolt.spring.boot.client.BoltConnectionDetails")
    static class BoltDetails {

        @Bean
        BoltConnectionDetails boltStubConnectionDetails(BoltStub stub, Environment environment) {
            URI uri = routing(environment) ? stub.routingUri() : stub.uri();
            return new BoltConnectionDetails() {
                @Override
                public String uri() {
                    return uri.toString();
                }

                @Override
                public AuthToken authToken() {
                    return AuthToken.none();
                }
            };
        }
    }

    static boolean routing(Environment environment) {
        return environment.getProperty(ROUTING_PROPERTY, Boolean.class, false);
    }

    /** Spring Boot's own connection details, when the application uses Boot's Neo4j support. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.neo4j.autoconfigure.Neo4jConnectionDetails")
    static class Neo4jDetails {

        @Bean
        org.springframework.boot.neo4j.autoconfigure.Neo4jConnectionDetails boltStubNeo4jConnectionDetails(
                BoltStub stub, Environment environment) {
            URI uri = routing(environment) ? stub.routingUri() : stub.uri();
            return new org.springframework.boot.neo4j.autoconfigure.Neo4jConnectionDetails() {
                @Override
                public URI getUri() {
                    return uri;
                }
            };
        }
    }
}
