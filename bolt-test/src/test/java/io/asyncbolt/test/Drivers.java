package io.asyncbolt.test;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;

/** The official Java driver, as the tests' client. */
final class Drivers {

    private Drivers() {
    }

    static Driver connect(URI uri) {
        return GraphDatabase.driver(uri, AuthTokens.basic("neo4j", "secret"), config().withoutEncryption().build());
    }

    static Config.ConfigBuilder config() {
        return Config.builder().withLogging(Logging.none()).withMaxConnectionPoolSize(2)
                .withMaxTransactionRetryTime(10, TimeUnit.SECONDS);
    }
}
