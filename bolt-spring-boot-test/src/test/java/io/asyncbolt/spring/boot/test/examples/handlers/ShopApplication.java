package io.asyncbolt.spring.boot.test.examples.handlers;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application serving data over Bolt with {@code @BoltHandler} beans, tested with the {@code @BoltHandlerTest} slice. */
@SpringBootApplication
public class ShopApplication {
}
