package io.asyncbolt.protocol.message;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Auth-token keys, and the rule of which HELLO keys (Bolt 4.4 and 5.0) belong to the token. */
public final class AuthTokens {

    public static final String SCHEME = "scheme";
    public static final String PRINCIPAL = "principal";
    public static final String CREDENTIALS = "credentials";
    public static final String REALM = "realm";
    public static final String PARAMETERS = "parameters";

    /** HELLO keys that are never part of the auth token. */
    private static final Set<String> HELLO_KEYS = Set.of(HelloMessage.USER_AGENT, HelloMessage.BOLT_AGENT,
            HelloMessage.ROUTING, HelloMessage.PATCH_BOLT, TransactionOptions.NOTIFICATIONS_MINIMUM_SEVERITY,
            TransactionOptions.NOTIFICATIONS_DISABLED_CATEGORIES,
            TransactionOptions.NOTIFICATIONS_DISABLED_CLASSIFICATIONS);

    private AuthTokens() {
    }

    /** True for HELLO keys that are not part of an auth token (Bolt 4.4 and 5.0 flatten the token into HELLO). */
    public static boolean isHelloKey(String key) {
        return HELLO_KEYS.contains(key);
    }

    /** A copy of the token safe to log: credentials are replaced. */
    public static Map<String, Object> redacted(Map<String, Object> token) {
        if (!token.containsKey(CREDENTIALS)) {
            return token;
        }
        Map<String, Object> copy = new LinkedHashMap<>(token);
        copy.put(CREDENTIALS, "******");
        return copy;
    }
}
