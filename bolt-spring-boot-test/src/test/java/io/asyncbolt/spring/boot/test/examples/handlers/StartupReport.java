package io.asyncbolt.spring.boot.test.examples.handlers;

import org.springframework.stereotype.Component;

/** A plain component, outside the {@code @BoltHandlerTest} slice. */
@Component
public class StartupReport {
}
