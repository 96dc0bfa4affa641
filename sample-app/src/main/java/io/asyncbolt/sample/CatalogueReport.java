package io.asyncbolt.sample;

import io.asyncbolt.spring.boot.client.BoltTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Uses the injected {@link BoltTemplate} (configured by {@code bolt.client.*}) to ask the application's
 * own Bolt server for the catalogue once it is up: the client and server side of the starter together.
 */
@Component
public class CatalogueReport implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CatalogueReport.class);

    private final ObjectProvider<BoltTemplate> template;

    public CatalogueReport(ObjectProvider<BoltTemplate> template) {
        this.template = template;
    }

    /** Book titles as the Bolt client sees them. */
    public java.util.List<Book> books() {
        return template.getObject().query("MATCH (b:Book) RETURN b").fetchAs(Book.class).list();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (template.getIfAvailable() != null) {
            log.info("The catalogue holds {} books (asked over Bolt with BoltTemplate)", books().size());
        }
    }
}
