package io.asyncbolt.client;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into the IP addresses to connect to, in order: the client tries them one after the
 * other until one accepts the connection. The default is the system's resolver ({@link InetAddress#getAllByName}).
 * Applied to every address the client connects to (after a custom {@link ClientConfig#resolver()}, to
 * routing-table members too); the host name itself stays the TLS server name.
 */
@FunctionalInterface
public interface DomainNameResolver {

    /** The system's resolver. */
    DomainNameResolver SYSTEM = InetAddress::getAllByName;

    /** The addresses of {@code host}, to try in this order; at least one, or an {@link UnknownHostException}. */
    InetAddress[] resolve(String host) throws UnknownHostException;
}
