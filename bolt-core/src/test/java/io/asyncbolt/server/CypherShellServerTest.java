package io.asyncbolt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.peers.CypherShellRunner;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Neo4j's cypher-shell 5.26, as a separate process, queries the server non-interactively. */
class CypherShellServerTest {

    @Test
    void cypherShellPrintsTheHandlersAnswer() throws Exception {
        Assumptions.assumeTrue(CypherShellRunner.available(),
                "cypher-shell's class path is resolved by the bolt-test-tools module of a full build");
        Queue<String> statements = new ConcurrentLinkedQueue<>();
        try (BoltServer server = BoltServer.builder().port(0)
                .authenticator(token -> {
                    if (!"secret".equals(token.credentials())) {
                        throw new BoltException(StatusCodes.UNAUTHORIZED, "wrong password");
                    }
                    return new BoltUser(token.principal());
                })
                .queryHandler(query -> {
                    statements.add(query.statement());
                    return CompletableFuture.completedFuture(QueryResult.of(List.of("name", "answer"),
                            List.of(List.of("deep thought", 42L), List.of("ultimate", 43L))));
                }).start()) {
            String uri = "bolt://127.0.0.1:" + server.port();
            CypherShellRunner.Outcome ok = CypherShellRunner.run(uri, "neo4j", "secret", "MATCH (q) RETURN q.answer");
            assertThat(ok.exitCode()).as(ok.stderr()).isZero();
            assertThat(ok.stdout().lines().toList()).containsExactly("name, answer", "\"deep thought\", 42",
                    "\"ultimate\", 43");
            assertThat(statements).contains("MATCH (q) RETURN q.answer");

            CypherShellRunner.Outcome refused = CypherShellRunner.run(uri, "neo4j", "wrong", "RETURN 1");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.stderr() + refused.stdout()).contains("wrong password");
        }
    }
}
