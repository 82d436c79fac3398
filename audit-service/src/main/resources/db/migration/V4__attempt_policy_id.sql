-- The policy of a POLICY_DENY (the event's policyId, docs/events.md); null for every other reason,
-- for events of producers older than policies, and for a folded row whose events name different
-- policies.
alter table blocked_attempt
    add column policy_id uuid;
