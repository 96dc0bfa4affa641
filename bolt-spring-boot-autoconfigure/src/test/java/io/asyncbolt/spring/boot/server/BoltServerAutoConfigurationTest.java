package io.asyncbolt.spring.boot.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.server.BoltServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** When the server starts, and how mapping mistakes are reported. */
class BoltServerAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BoltServerAutoConfiguration.class))
            .withPropertyValues("bolt.server.port=0");

    @BoltHandler
    static class One {
        @BoltQuery("RETURN 1 AS one")
        long one() {
            return 1;
        }
    }

    @BoltHandler
    static class AlsoOne {
        @BoltQuery("RETURN  1 AS one;")
        long sameStatement() {
            return 1;
        }
    }

    @BoltHandler
    static class Unclear {
        @BoltQuery(value = "A", procedure = "b")
        long both() {
            return 1;
        }
    }

    @Test
    void startsWithAHandlerAndPublishesThePort() {
        runner.withUserConfiguration(One.class).run(context -> {
            assertThat(context).hasSingleBean(BoltServerLifecycle.class);
            BoltServer server = context.getBean(BoltServerLifecycle.class).getServer();
            assertThat(server).isNotNull();
            assertThat(context.getEnvironment().getProperty("local.bolt.server.port", Integer.class))
                    .isEqualTo(server.port());
        });
    }

    @Test
    void doesNotStartWithoutHandlersOrWhenDisabledOrWithoutTheEngine() {
        runner.run(context -> assertThat(context).doesNotHaveBean(BoltServerLifecycle.class));
        runner.withUserConfiguration(One.class).withPropertyValues("bolt.server.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(BoltServerLifecycle.class));
        runner.withUserConfiguration(One.class).withClassLoader(new FilteredClassLoader(BoltServer.class))
                .run(context -> assertThat(context).doesNotHaveBean(BoltServerLifecycle.class));
    }

    @Test
    void ambiguousMappingsFailAtStartupNamingBothMethods() {
        runner.withUserConfiguration(One.class, AlsoOne.class).run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("One.one()").hasMessageContaining("AlsoOne.sameStatement()"));
        runner.withUserConfiguration(Unclear.class).run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("exactly one"));
    }
}
