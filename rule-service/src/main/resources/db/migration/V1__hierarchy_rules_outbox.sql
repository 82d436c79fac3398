-- Projects and environments of an organization (the organization is the token's org_id).
create table project (
    id          uuid primary key,
    org_id      uuid        not null,
    name        text        not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    created_by  text        not null,
    updated_by  text        not null,
    version     bigint      not null
);
create index project_by_org on project (org_id, created_at, id);

create table environment (
    id          uuid primary key,
    org_id      uuid        not null,
    project_id  uuid        not null references project (id),
    name        text        not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    created_by  text        not null,
    updated_by  text        not null,
    version     bigint      not null
);
create index environment_by_project on environment (project_id, created_at, id);
create index environment_by_org on environment (org_id);

-- IP rules at one scope each. A CIDR rule keeps its network in "network"; a range rule keeps its
-- exact ends in range_from/range_to and, in "network", the smallest CIDR covering it, so that
-- containment queries (network >>= address) use the GiST index for both kinds.
create table ip_rule (
    id              uuid primary key,
    org_id          uuid        not null,
    scope           text        not null check (scope in ('org', 'project', 'environment')),
    scope_id        uuid        not null,
    network         cidr        not null,
    range_from      inet,
    range_to        inet,
    action          text        not null check (action in ('allow', 'deny')),
    traffic_scopes  text[]      not null,
    is_active       boolean     not null,
    label           text,
    expires_at      timestamptz,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    created_by      text        not null,
    updated_by      text        not null,
    version         bigint      not null,
    check ((range_from is null) = (range_to is null))
);
create index ip_rule_by_scope on ip_rule (org_id, scope, scope_id, created_at, id);
create index ip_rule_by_network on ip_rule using gist (network inet_ops);

-- Transactional outbox: written in the same transaction as the change, relayed to Kafka in
-- sequence order, deleted once Kafka has acknowledged it.
create table outbox (
    seq         bigserial primary key,
    event_id    uuid        not null,
    topic       text        not null,
    record_key  text        not null,
    event_type  text        not null,
    subject     text        not null,
    tombstone   boolean     not null,
    payload     text        not null,
    created_at  timestamptz not null default now()
);
