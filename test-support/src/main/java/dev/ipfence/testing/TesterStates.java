package dev.ipfence.testing;

import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.ApiKeyState;
import dev.ipfence.core.events.BlockedAttemptEvent;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.events.RuleState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** The entity states {@link RuleEvents} publishes: written and last changed by the tester at {@code now}. */
final class TesterStates {

    static final String TESTER = "tester";

    private TesterStates() {}

    static RuleState rule(
            UUID id,
            UUID org,
            String scope,
            UUID scopeId,
            String cidr,
            String action,
            List<String> trafficScopes,
            long version,
            Instant now) {
        return new RuleState(
                id,
                org,
                scope,
                scopeId,
                cidr,
                null,
                action,
                trafficScopes,
                true,
                null,
                null,
                null,
                now,
                now,
                TESTER,
                TESTER,
                version);
    }

    /** A new API key of {@code org} and its secret, in rule-service's key format. */
    static RuleEvents.ApiKey apiKey(UUID org, List<String> roles, Instant now) {
        UUID id = UUID.randomUUID();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = "ipf_" + id.toString().replace("-", "") + "_"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        ApiKeyState key =
                new ApiKeyState(id, org, "test key", roles, sha256(secret), null, null, now, now, TESTER, TESTER, 1);
        return new RuleEvents.ApiKey(key, secret);
    }

    static ApiKeyState revoked(ApiKeyState key, Instant now) {
        return new ApiKeyState(
                key.id(),
                key.orgId(),
                key.name(),
                key.roles(),
                key.secretHash(),
                key.expiresAt(),
                now,
                key.createdAt(),
                now,
                key.createdBy(),
                TESTER,
                key.version() + 1);
    }

    static AdmissionRuleState admissionRule(
            UUID org, String type, String condition, AdmissionRuleState.TimeWindow window, Instant now) {
        return new AdmissionRuleState(
                UUID.randomUUID(),
                org,
                "admission rule",
                type,
                condition,
                window != null,
                window,
                now,
                now,
                TESTER,
                TESTER,
                1);
    }

    static PolicyGroupState policyGroup(UUID org, boolean samlDefault, List<String> idpMapping, Instant now) {
        return new PolicyGroupState(
                UUID.randomUUID(), org, "group", "", 10, samlDefault, idpMapping, now, now, TESTER, TESTER, 1);
    }

    static PolicyState policy(UUID org, RuleEvents.PolicySpec spec, Instant now) {
        return new PolicyState(
                UUID.randomUUID(),
                org,
                spec.name,
                "",
                spec.groups,
                spec.users,
                spec.devices,
                spec.resources,
                spec.gateways,
                spec.allGroups,
                spec.allUsers,
                spec.allDevices,
                spec.allResources,
                spec.sourceIps,
                spec.type,
                spec.mode,
                spec.action,
                spec.rule,
                now,
                now,
                TESTER,
                TESTER,
                1);
    }

    static BlockedAttemptEvent blockedAttempt(
            UUID org, UUID environment, String ip, Instant at, String reason, UUID ruleId, long count) {
        return new BlockedAttemptEvent(
                UUID.randomUUID(),
                ip,
                "GET",
                "/orders",
                "shop.example",
                at,
                at,
                environment,
                org,
                "http",
                ruleId,
                reason,
                count);
    }

    private static String sha256(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
