package io.asyncbolt.testkit;

import java.util.List;
import java.util.Map;

/**
 * What GetFeatures declares (only what the asyncbolt client really does) and the tests StartTest skips.
 * Left out on purpose, since the client (or this backend) lacks them: Bolt 3.0-4.3 and 5.5; client
 * certificates; explicit SSL config (encrypted / trustedCertificates). Not declared
 * although nearly there: Optimization:ImplicitDefaultArguments (PULL/DISCARD carry an explicit qid where
 * -1, the default, would do; custom auth tokens send empty credentials and realm);
 * Optimization:ResultListFetchAll (listAsync pulls in fetch-size batches). Bookmark managers, auth token
 * managers, custom address and domain name resolvers and fake time go through testkit callbacks ({@link Callbacks}).
 */
final class Features {

    private Features() {
    }

    static final List<String> DECLARED = List.of(
            "Feature:Bolt:4.4",
            "Feature:Bolt:5.0",
            "Feature:Bolt:5.1",
            "Feature:Bolt:5.2",
            "Feature:Bolt:5.3",
            "Feature:Bolt:5.4",
            "Feature:Bolt:5.6",
            "Feature:Bolt:5.7",
            "Feature:Bolt:Patch:UTC",
            "Feature:API:Driver.VerifyConnectivity",
            "Feature:API:Driver:GetServerInfo",
            "Feature:API:Driver.IsEncrypted",
            "Feature:API:Driver.VerifyAuthentication",
            "Feature:API:Driver.SupportsSessionAuth",
            "Feature:API:Driver.ExecuteQuery",
            "Feature:API:Driver.ExecuteQuery:WithAuth",
            "Feature:API:Driver:NotificationsConfig",
            "Feature:API:Session:NotificationsConfig",
            "Feature:API:Session:AuthConfig",
            "Feature:API:Summary:GqlStatusObjects",
            "Feature:API:Result.List",
            "Feature:API:Result.Peek",
            "Feature:API:Result.Single",
            "Feature:API:Result.SingleOptional",
            "Feature:API:RetryableExceptions",
            "Feature:API:Type.Spatial",
            "Feature:API:Type.Temporal",
            "Feature:API:Liveness.Check",
            "Feature:API:ConnectionAcquisitionTimeout",
            "Feature:API:SSLSchemes",
            "Feature:Auth:Bearer",
            "Feature:Auth:Custom",
            "Feature:Auth:Kerberos",
            "Feature:Impersonation",
            "ConfHint:connection.recv_timeout_seconds",
            "Optimization:ConnectionReuse",
            "Optimization:PullPipelining",
            "Optimization:EagerTransactionBegin",
            "Optimization:AuthPipelining",
            "Optimization:MinimalResets",
            "Feature:API:BookmarkManager",
            "Feature:Auth:Managed",
            "AuthorizationExpiredTreatment",
            "Backend:MockTime",
            "Backend:RTFetch",
            "Backend:RTForceUpdate");

    /**
     * The declared features plus those named in {@code TESTKIT_EXTRA_FEATURES} (comma-separated), for
     * trying out a feature the client may have gained without rebuilding the backend.
     */
    static List<String> declared() {
        String extra = System.getenv("TESTKIT_EXTRA_FEATURES");
        if (extra == null || extra.isBlank()) {
            return DECLARED;
        }
        List<String> all = new java.util.ArrayList<>(DECLARED);
        for (String f : extra.split(",")) {
            if (!f.isBlank() && !all.contains(f.trim())) {
                all.add(f.trim());
            }
        }
        return all;
    }

    /** Test-name fragments (matched with {@code contains}) skipped, with the reason. */
    static final Map<String, String> SKIPPED = Map.of();

    static String skipReason(String testName) {
        for (Map.Entry<String, String> e : SKIPPED.entrySet()) {
            if (testName.contains(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }
}
