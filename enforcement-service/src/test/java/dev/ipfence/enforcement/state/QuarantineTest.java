package dev.ipfence.enforcement.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A refused record closes the narrowest scope it can affect, and a later record releases it. */
class QuarantineTest {

    private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");

    private final UUID org = UUID.randomUUID();
    private final UUID scope = UUID.randomUUID();
    private final UUID id = UUID.randomUUID();
    private final Map<UUID, HeldPolicies.Entity> policyEntities = new HashMap<>();
    private final Map<UUID, UUID> ruleScopes = new HashMap<>();
    private final Set<UUID> environments = new java.util.HashSet<>();

    private final Quarantine.Holdings holdings = new Quarantine.Holdings() {
        @Override
        public HeldPolicies.Entity policyEntity(UUID key) {
            return policyEntities.get(key);
        }

        @Override
        public UUID ruleScope(UUID key) {
            return ruleScopes.get(key);
        }

        @Override
        public boolean holdsEnvironment(UUID key) {
            return environments.contains(key);
        }
    };

    private UUID failsClosed(String key, String type, UUID orgId, UUID scopeId) {
        return Quarantine.failsClosed(new RuleEvent.Rejected(key, type, orgId, scopeId, "bad"), holdings);
    }

    @Test
    void aRuleClosesTheScopeItNamesBeforeItsOrganization() {
        assertThat(failsClosed(id.toString(), "rule", org, scope)).isEqualTo(scope);
    }

    @Test
    void aRuleNamingNoScopeClosesTheScopeTheStoreHoldsItIn() {
        ruleScopes.put(id, scope);
        assertThat(failsClosed(id.toString(), "rule", org, null)).isEqualTo(scope);
    }

    @Test
    void anEnvironmentOrProjectClosesItself() {
        assertThat(failsClosed(id.toString(), "environment", org, null)).isEqualTo(id);
        assertThat(failsClosed(id.toString(), "project", org, null)).isEqualTo(id);
    }

    @Test
    void aPolicyEntityClosesItsOrganizationAsHeldWhenTheRecordDoesNotSay() {
        policyEntities.put(id, new HeldPolicies.Entity(org, "policy"));
        assertThat(failsClosed(id.toString(), "policy", null, null)).isEqualTo(org);
    }

    @Test
    void anUnreadableTypeClosesTheOrganizationElseWhatTheStoreHolds() {
        assertThat(failsClosed(id.toString(), null, org, null)).isEqualTo(org);
        ruleScopes.put(id, scope);
        assertThat(failsClosed(id.toString(), null, null, null)).isEqualTo(scope);
        UUID environment = UUID.randomUUID();
        environments.add(environment);
        assertThat(failsClosed(environment.toString(), null, null, null)).isEqualTo(environment);
    }

    @Test
    void aKeyThatIsNoIdAndNoOrganizationClosesNothing() {
        assertThat(failsClosed("not-a-uuid", null, null, null)).isNull();
    }

    @Test
    void aRecordIsHeldUntilReleasedAndEachChangeIsSeenOnce() {
        Quarantine quarantine = new Quarantine();
        quarantine.add(new RuleEvent.Rejected(id.toString(), "rule", org, scope, "bad"), "t-0@1", AT, holdings);
        assertThat(quarantine.changed()).isTrue();
        assertThat(quarantine.records()).singleElement().satisfies(record -> {
            assertThat(record.failsClosed()).isEqualTo(scope);
            assertThat(record.source()).isEqualTo("t-0@1");
        });
        assertThat(quarantine.changed()).isFalse();
        quarantine.release("another key");
        assertThat(quarantine.changed()).isFalse();
        quarantine.release(id.toString());
        assertThat(quarantine.changed()).isTrue();
        assertThat(quarantine.records()).isEmpty();
    }
}
