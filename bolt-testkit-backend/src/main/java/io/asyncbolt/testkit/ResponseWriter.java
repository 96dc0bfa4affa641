package io.asyncbolt.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes framed responses; thread-safe, since managed-transaction answers come from the client's threads. */
final class ResponseWriter {

    private static final Logger log = LoggerFactory.getLogger(ResponseWriter.class);

    private final OutputStream out;

    ResponseWriter(OutputStream out) {
        this.out = out;
    }

    synchronized void write(Map<String, Object> response) {
        String json = Json.write(response);
        log.debug("response {}", json);
        try {
            out.write(("#response begin\n" + json + "\n#response end\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
