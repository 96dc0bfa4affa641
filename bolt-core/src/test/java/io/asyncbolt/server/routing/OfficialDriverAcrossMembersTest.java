package io.asyncbolt.server.routing;

import java.util.concurrent.TimeUnit;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

/** The official Java driver's routing against three members. */
class OfficialDriverAcrossMembersTest extends ReadsAcrossMembersContract {

    private Driver driver;

    @Override
    void connect(String seed) {
        driver = GraphDatabase.driver("neo4j://" + seed, AuthTokens.none(), Config.builder()
                .withoutEncryption().withMaxTransactionRetryTime(30, TimeUnit.SECONDS).build());
    }

    @Override
    void disconnect() {
        if (driver != null) {
            driver.close();
        }
    }

    @Override
    String read(Runnable attempted) {
        try (Session session = driver.session(SessionConfig.forDatabase("neo4j"))) {
            return session.executeRead(tx -> {
                attempted.run();
                return tx.run("RETURN 1 AS one").single().get("server").asString();
            });
        }
    }
}
