-- Blocked attempts from ipfence.blocked-attempts.v1; event_id makes a replayed event a no-op.
create table blocked_attempt (
    event_id        uuid primary key,
    environment_id  uuid        not null,
    org_id          uuid,
    ip              inet,
    ip_text         text        not null,
    method          text,
    path            text,
    target          text,
    occurred_at     timestamptz not null,
    last_at         timestamptz not null,
    traffic_scope   text,
    rule_id         uuid,
    reason          text        not null,
    attempts        bigint      not null,
    received_at     timestamptz not null default now()
);
-- newest first per environment, with the event id as a tie-breaker for the cursor
create index blocked_attempt_by_environment on blocked_attempt (environment_id, occurred_at desc, event_id desc);
create index blocked_attempt_by_ip on blocked_attempt using gist (ip inet_ops);
create index blocked_attempt_by_time on blocked_attempt (occurred_at);

-- Which organization each environment belongs to, from ipfence.rules.v1, to authorize reads.
create table environment_ref (
    id          uuid primary key,
    org_id      uuid    not null,
    project_id  uuid    not null,
    name        text    not null,
    deleted     boolean not null,
    version     bigint  not null
);

-- Every change to a project, environment or rule: who, when, before and after.
create table change_log (
    event_id     uuid primary key,
    org_id       uuid        not null,
    entity_type  text        not null,
    entity_id    uuid        not null,
    change       text        not null,
    version      bigint      not null,
    actor        text        not null,
    occurred_at  timestamptz not null,
    scope        text,
    scope_id     uuid,
    before       jsonb,
    after        jsonb
);
create index change_log_by_org on change_log (org_id, occurred_at desc, event_id desc);
create index change_log_by_entity on change_log (entity_id, occurred_at desc);
