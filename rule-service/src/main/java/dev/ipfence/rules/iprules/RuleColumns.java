package dev.ipfence.rules.iprules;

import dev.ipfence.core.events.RuleState;
import dev.ipfence.rules.common.Clocks;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Rules turned column by column into arrays, the parameters of {@code RuleRepository}'s insert. */
final class RuleColumns {

    private RuleColumns() {}

    /** One array per column, each with one element per rule, in the rules' order. */
    static Map<String, Object> of(List<RuleState> rules) {
        int n = rules.size();
        UUID[] id = new UUID[n];
        UUID[] orgId = new UUID[n];
        String[] scope = new String[n];
        UUID[] scopeId = new UUID[n];
        String[] network = new String[n];
        String[] rangeFrom = new String[n];
        String[] rangeTo = new String[n];
        String[] action = new String[n];
        String[] trafficScopes = new String[n];
        Boolean[] isActive = new Boolean[n];
        String[] label = new String[n];
        OffsetDateTime[] expiresAt = new OffsetDateTime[n];
        Long[] ttl = new Long[n];
        OffsetDateTime[] createdAt = new OffsetDateTime[n];
        OffsetDateTime[] updatedAt = new OffsetDateTime[n];
        String[] createdBy = new String[n];
        String[] updatedBy = new String[n];
        Long[] version = new Long[n];
        for (int i = 0; i < n; i++) {
            RuleState r = rules.get(i);
            id[i] = r.id();
            orgId[i] = r.orgId();
            scope[i] = r.scope();
            scopeId[i] = r.scopeId();
            network[i] = RuleRepository.network(r);
            rangeFrom[i] = r.range() == null ? null : r.range().from();
            rangeTo[i] = r.range() == null ? null : r.range().to();
            action[i] = r.action();
            trafficScopes[i] = joined(r.trafficScopes());
            isActive[i] = r.isActive();
            label[i] = r.label();
            expiresAt[i] = Clocks.toDb(r.expiresAt());
            ttl[i] = r.ttl();
            createdAt[i] = Clocks.toDb(r.createdAt());
            updatedAt[i] = Clocks.toDb(r.updatedAt());
            createdBy[i] = r.createdBy();
            updatedBy[i] = r.updatedBy();
            version[i] = r.version();
        }
        Map<String, Object> columns = new HashMap<>();
        columns.put("id", id);
        columns.put("orgId", orgId);
        columns.put("scope", scope);
        columns.put("scopeId", scopeId);
        columns.put("network", network);
        columns.put("rangeFrom", rangeFrom);
        columns.put("rangeTo", rangeTo);
        columns.put("action", action);
        columns.put("trafficScopes", trafficScopes);
        columns.put("isActive", isActive);
        columns.put("label", label);
        columns.put("expiresAt", expiresAt);
        columns.put("ttl", ttl);
        columns.put("createdAt", createdAt);
        columns.put("updatedAt", updatedAt);
        columns.put("createdBy", createdBy);
        columns.put("updatedBy", updatedBy);
        columns.put("version", version);
        return columns;
    }

    /**
     * The traffic scopes as one text, split again by the insert. A validated traffic scope holds no
     * comma ({@code RuleConstraints.checkTrafficScope}); one that does is refused here rather than
     * stored as two.
     */
    static String joined(List<String> trafficScopes) {
        for (String scope : trafficScopes) {
            if (scope.isEmpty() || scope.indexOf(',') >= 0) {
                throw new IllegalArgumentException("traffic scope \"" + scope + "\" cannot be stored");
            }
        }
        return String.join(",", trafficScopes);
    }
}
