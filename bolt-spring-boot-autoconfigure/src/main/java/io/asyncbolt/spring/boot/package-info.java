/**
 * Spring Boot auto-configuration for asyncbolt: the Bolt server that dispatches to {@code @BoltHandler}
 * beans and the Bolt client beans. Filled in by the Spring Boot starter work.
 */
package io.asyncbolt.spring.boot;
